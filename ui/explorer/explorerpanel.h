#pragma once

#include "analysis/explorationresult.h"
#include "analysis/explorationspec.h"
#include "policy/supervisorconfig.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QWidget>

#include <functional>
#include <optional>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;
class QToolButton;

namespace SupervisorLab {

class DistributionChart;
class ExplorationResultModel;
class Explorer;
class PolicyTableModel;
class SeedOutcomeModel;

// The policy explorer: one workload run under one to four restart policies over many seeds, in virtual time, on
// a thread pool of its own, so the window stays responsive. On the left the policies side by side (one column
// each, differences from the first standing out) and the workload; on the right the results side by side, the
// spread of a chosen measure over the seeds, and every seed's outcome for one policy. Double-clicking a seed asks
// the window to open that exact run: runRequested() with the spec's configFor(policy, seed). Open Spec loads an
// exploration spec file into the panel; Export Results writes the results as `--explore ... --export` does; while it
// runs, the progress bar says how long is left.
class ExplorerPanel : public QWidget
{
    Q_OBJECT

public:
    // The horizons offered, in milliseconds: 1 min, 10 min, 1 h, 6 h, 24 h.
    static const QList<qint64> &horizons();
    static constexpr int kMaxSeeds = 100'000;
    static constexpr int kDefaultSeeds = 200;

    explicit ExplorerPanel(QWidget *parent = nullptr);
    ~ExplorerPanel() override;

    // The spec the policies and the workload make, as ExplorationSpec::fromJson checks it; nothing, with the
    // reason, if it is not valid.
    std::optional<ExplorationSpec> spec(QString *error = nullptr) const;
    bool isRunning() const;
    // The last exploration that finished, with the spec it ran.
    const std::optional<ExplorationResult> &result() const { return m_result; }
    // The policy the seeds table shows.
    int seedPolicy() const;
    QString statusText() const;

    PolicyTableModel *policies() const { return m_policies; }
    ExplorationResultModel *results() const { return m_results; }
    SeedOutcomeModel *seedOutcomes() const { return m_seedOutcomes; }
    QSortFilterProxyModel *sortedSeeds() const { return m_sortedSeeds; }
    DistributionChart *chart() const { return m_chart; }
    Explorer *explorer() const { return m_explorer; }
    QTableView *policyTable() const { return m_policyTable; }
    QTableView *resultTable() const { return m_resultTable; }
    QTableView *seedTable() const { return m_seedTable; }
    QPushButton *runButton() const { return m_run; }
    QPushButton *openSpecButton() const { return m_openSpec; }
    QPushButton *exportButton() const { return m_export; }
    QPushButton *cancelButton() const { return m_cancel; }
    QProgressBar *progressBar() const { return m_progress; }

    // Loads an exploration spec file (ExplorationSpec::load) into the policies and the workload. A file that
    // cannot be loaded, or asks for more than the panel runs, changes nothing: false, and `error` names the file and
    // the problem.
    bool openSpecFile(const QString &path, QString *error);
    // Writes the results shown as the command line's exploration export does (ExplorationExport: CSV or JSON, by
    // the extension), whole or not at all; false, with `error` naming the file and the problem.
    bool exportResultsFile(const QString &path, QString *error) const;

    // The progress bar's text: "312 of 1 000 seeds · about 40 s left" (runs with several policies), the time left
    // from the runs done in the time so far; only the counts until kEtaAfterRuns runs are done.
    static QString progressText(int done, int total, qint64 elapsedMs, int policies = 1);
    static constexpr int kEtaAfterRuns = 5;
    // Milliseconds since the exploration started; by default a monotonic clock. Tests give their own.
    void setElapsedClock(std::function<qint64()> elapsedMs) { m_elapsedMs = std::move(elapsedMs); }

public slots:
    // The window's parameters as they are now: "Add Current Policy" and "Current Workload" take them from here.
    void setCurrentConfig(const SupervisorLab::SupervisorConfig &config);
    void addCurrentPolicy();
    void removeSelectedPolicy();
    void takeCurrentWorkload();
    void run();
    void cancel();
    void showSeedsOf(int policy);
    // Asks the window to open the run of the seeds table's row (a row of sortedSeeds()).
    void openSeedRun(const QModelIndex &sortedIndex);
    // Open Spec… and Export Results…: ask for a file, and say in one message what went wrong.
    void chooseSpecFile();
    void chooseExportFile();

signals:
    void runRequested(const SupervisorLab::SupervisorConfig &config, const QString &label);
    // An exploration started, finished or was cancelled, and the panel shows it.
    void runningChanged(bool running);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *createPolicies();
    QWidget *createWorkload();
    QWidget *createRunRow();
    QWidget *createResults();
    void editPolicyName(int section);
    void onProgress(int done, int total);
    void onFinished(const ExplorationResult &result);
    void onCancelled();
    void setRunning(bool running);
    // Run's state, and whether the results shown still match the policies and the workload.
    void updateRunState();
    void showStatus(const QString &text, bool problem = false);

    Explorer *m_explorer;
    PolicyTableModel *m_policies;
    ExplorationResultModel *m_results;
    SeedOutcomeModel *m_seedOutcomes;
    QSortFilterProxyModel *m_sortedSeeds;
    DistributionChart *m_chart = nullptr;
    SupervisorConfig m_currentConfig;
    std::optional<ExplorationResult> m_result;
    bool m_filled = false; // the first showing takes the window's policy and workload
    int m_lastProgress = 0;
    // The tree form's parts of a spec opened (its tree and dependencies), kept until the window's workload is taken.
    QJsonObject m_world;
    QString m_description;
    QElapsedTimer m_runClock;
    std::function<qint64()> m_elapsedMs;
    int m_runPolicies = 1;

    QTableView *m_policyTable = nullptr;
    QPushButton *m_addPolicy = nullptr;
    QPushButton *m_removePolicy = nullptr;
    QSpinBox *m_workers = nullptr;
    QDoubleSpinBox *m_failureRate = nullptr;
    QComboBox *m_failureMode = nullptr;
    QSpinBox *m_workMin = nullptr;
    QSpinBox *m_workMax = nullptr;
    QComboBox *m_horizon = nullptr;
    QSpinBox *m_seeds = nullptr;
    QSpinBox *m_firstSeed = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_openSpec = nullptr;
    QPushButton *m_export = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_summary = nullptr;
    QTableView *m_resultTable = nullptr;
    QComboBox *m_measure = nullptr;
    QComboBox *m_seedPolicy = nullptr;
    QTableView *m_seedTable = nullptr;
};

} // namespace SupervisorLab
