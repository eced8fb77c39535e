#pragma once

#include "policy/supervisorconfig.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace SupervisorLab {

class TimelineModel;
class TimelineView;

// The pitfalls lesson in the window: the article's supervisor and the lab's on the same seed, as two timelines
// over one time axis, their transcripts side by side with the rows where they part marked, and the four pitfalls
// measured on this run and counted over many seeds. A legend says what the timelines' colours and marks mean. The seed
// box takes any seed the config does (0 to SupervisorConfig::kMaxSeed): Enter applies it, Next Seed takes the next.
// Each showing brings the dialog in front of the window and gives it the focus.
class PitfallsDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr int kComparedSeeds = 200;

    explicit PitfallsDialog(QWidget *parent = nullptr);

    // Runs both supervisors on `config` (one worker, in virtual time) and shows them.
    void compare(const SupervisorConfig &config);

    quint64 seed() const;
    QLineEdit *seedEdit() const { return m_seed; }
    QPushButton *nextSeedButton() const { return m_nextSeed; }
    // Shows it in front of its parent window, active, whether it was hidden or behind.
    void setVisible(bool visible) override;
    TimelineView *articleTimeline() const { return m_articleTimeline; }
    TimelineView *labTimeline() const { return m_labTimeline; }
    QStandardItemModel *transcript() const { return m_transcript; }
    QStandardItemModel *findings() const { return m_findings; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void syncAxes(TimelineView *from, TimelineView *to);
    // Compares on the seed the box holds, if it is a new one; a box left incomplete shows the seed in use again.
    void applySeedText();
    void compareOnSeed(quint64 seed);

    SupervisorConfig m_config;
    QLineEdit *m_seed = nullptr;
    QPushButton *m_nextSeed = nullptr;
    QLabel *m_summary = nullptr;
    TimelineModel *m_articleModel = nullptr;
    TimelineModel *m_labModel = nullptr;
    TimelineView *m_articleTimeline = nullptr;
    TimelineView *m_labTimeline = nullptr;
    QStandardItemModel *m_transcript = nullptr;
    QStandardItemModel *m_findings = nullptr;
    bool m_syncing = false;
};

} // namespace SupervisorLab
