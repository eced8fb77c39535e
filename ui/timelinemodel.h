#pragma once

#include "timelineindex.h"

#include <QAbstractListModel>

#include <memory>

namespace SupervisorLab {

class EventLog;

// The lanes of the timeline as an item model: row 0 is the supervisor, row w+1 worker w. The view paints
// each row from the lane data it reads through LaneRole; refresh() takes in new events from the log.
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
    // Takes in the events added since the last refresh; false if there were none.
    bool refresh();

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    static QString laneName(int worker);

private:
    std::shared_ptr<const EventLog> m_log;
    TimelineIndex m_index;
    int m_rows = 0; // lanes announced to views; the index may be ahead of it during refresh()
};

} // namespace SupervisorLab

Q_DECLARE_METATYPE(const SupervisorLab::TimelineLane *)
