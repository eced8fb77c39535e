#pragma once

#include "policy/supervisorconfig.h"

#include <QDialog>

class QLabel;
class QSpinBox;
class QStandardItemModel;
class QTableView;

namespace SupervisorLab {

class TimelineModel;
class TimelineView;

// The pitfalls lesson in the window: the article's supervisor and the lab's on the same seed, as two timelines
// over one time axis, their transcripts side by side with the rows where they part marked, and the four pitfalls
// measured on this run and counted over many seeds.
class PitfallsDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr int kComparedSeeds = 200;

    explicit PitfallsDialog(QWidget *parent = nullptr);

    // Runs both supervisors on `config` (one worker, in virtual time) and shows them.
    void compare(const SupervisorConfig &config);

    quint64 seed() const;
    TimelineView *articleTimeline() const { return m_articleTimeline; }
    TimelineView *labTimeline() const { return m_labTimeline; }
    QStandardItemModel *transcript() const { return m_transcript; }
    QStandardItemModel *findings() const { return m_findings; }

private:
    void syncAxes(TimelineView *from, TimelineView *to);

    SupervisorConfig m_config;
    QSpinBox *m_seed = nullptr;
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
