#pragma once

#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QFormLayout;
class QLabel;
class QPlainTextEdit;

namespace SupervisorLab {

class EventLog;
class SupervisionTreeModel;

// One worker in detail: the one last selected in the timeline, the tree or the event log, or chosen in the pane. Its
// state and incarnation now, how long it has been up, its restart type; for a real program its command line, working
// directory and environment; how its last incarnation ended, with that incarnation's last lines of output in a
// read-only box; and a short history of its starts and ends.
//
// Its state is the supervision tree's (SupervisionTreeModel::state), so that the two never disagree. What only the log
// holds it takes in as the other read panels do: takeIn() notes a few numbers per event of any worker, refresh() shows
// the selected one at the feed's reading pace (ten times a second at most, never per event), and rebuilds its texts
// only when one of its events came in; otherwise only its uptime moves.
class WorkerDetailPanel : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kHistoryLength = 8;

    explicit WorkerDetailPanel(const SupervisionTreeModel *tree, QWidget *parent = nullptr);
    ~WorkerDetailPanel() override;

    // A run began (its log), or was cleared (nullptr): every worker starts over.
    void setLog(std::shared_ptr<const EventLog> log);
    // Takes in the log's events up to `end`, without showing them yet.
    void takeIn(qsizetype end);
    // Shows the selected worker as of the run's time `nowUs`.
    void refresh(qint64 nowUs);

    // The worker shown, -1 for none. A worker the run does not have shows nothing.
    int worker() const { return m_worker; }
    // Shows `worker` at once, without emitting workerChosen().
    void showWorker(int worker);

    // What the pane says, part by part (as shown, for tests and screen readers).
    QString stateText() const;
    QString programText() const; // the command line, or that it is simulated
    QString lastEndText() const;
    QString outputText() const;
    QString historyText() const;

signals:
    // The user chose a worker in the pane's own chooser.
    void workerChosen(int worker);

private:
    struct Record
    {
        quint32 incarnation = 0; // the latest started, 0 before any
        qint64 startedUs = -1;
        qint64 endedUs = -1; // of the latest incarnation; -1 while it runs
        bool ready = false; // it said READY=1
        qint64 restartDelayMs = -1; // of the latest restart decided for it
        qsizetype lastEnd = -1; // the event that ended its latest ended incarnation
        qint64 lastEndRanUs = -1; // how long that incarnation ran
        qint64 starts = 0;
        qint64 failures = 0;
        qint64 completions = 0;
        qint64 stops = 0; // stopped or abandoned
        std::vector<qsizetype> recent; // its latest starts and ends, oldest first, at most kHistoryLength
    };

    QLabel *addRow(QFormLayout *form, const QString &label, const QString &name, const QString &toolTip);
    void fillChooser();
    Record *record(int worker);
    void rebuild();
    void showUptime();
    void setRowVisible(QLabel *field, bool visible);

    const SupervisionTreeModel *m_tree;
    std::shared_ptr<const EventLog> m_log;
    qsizetype m_takenIn = 0;
    std::vector<Record> m_records;
    int m_worker = -1;
    bool m_dirty = true; // the shown worker has news to show
    qint64 m_nowUs = 0;

    QComboBox *m_chooser;
    QFormLayout *m_form = nullptr; // what it does: state, uptime, program, its last end
    QFormLayout *m_details = nullptr; // what it is set up with: restart type, directory, environment
    QLabel *m_state = nullptr;
    QLabel *m_incarnation = nullptr;
    QLabel *m_uptime = nullptr;
    QLabel *m_restartType = nullptr;
    QLabel *m_program = nullptr;
    QLabel *m_directory = nullptr;
    QLabel *m_environment = nullptr;
    QLabel *m_lastEnd = nullptr;
    QLabel *m_outputTitle = nullptr;
    QPlainTextEdit *m_output = nullptr;
    QLabel *m_history = nullptr;
};

} // namespace SupervisorLab
