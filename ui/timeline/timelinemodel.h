#pragma once

#include "analysis/timelineindex.h"

#include <QAbstractListModel>

#include <memory>

namespace SupervisorLab {

class EventLog;

// The lanes of the timeline as an item model: row 0 is the supervisor, row w+1 worker w. The view paints
// each row from the lane data it reads through LaneRole; takeIn() and refresh() take in new events from the log.
class TimelineModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role
    {
        LaneRole = Qt::UserRole + 1, // const TimelineLane *
        WorkerRole, // int, -1 for the supervisor lane
    };

    explicit TimelineModel(QObject *parent = nullptr);

    void setLog(std::shared_ptr<const EventLog> log);
    std::shared_ptr<const EventLog> log() const { return m_log; }
    const TimelineIndex &timeline() const { return m_index; }
    // Takes in the log's events up to `upTo` (-1: all of them) without telling views yet, so that a flood can be
    // taken in over several turns of the event loop and shown once per frame.
    void takeIn(qsizetype upTo);
    // Takes in the events up to `upTo` (-1: all of them) and tells views about everything taken in since the
    // last refresh; false if there was nothing.
    bool refresh(qsizetype upTo = -1);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    static QString laneName(int worker);

private:
    std::shared_ptr<const EventLog> m_log;
    TimelineIndex m_index;
    int m_rows = 0; // lanes announced to views; the index may be ahead of them until refresh()
    qsizetype m_announced = 0; // events taken in when views were last told
};

} // namespace SupervisorLab

Q_DECLARE_METATYPE(const SupervisorLab::TimelineLane *)
