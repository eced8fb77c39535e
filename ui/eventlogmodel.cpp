#include "eventlogmodel.h"

#include "events/readinglocale.h"

#include "io/jsonlineswriter.h"

#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QPalette>

#include <limits>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

// A translucent state colour (the circuit's band on the timeline) as it looks over the view's background.
QColor opaqueOver(const QColor &color, const QColor &background)
{
    if (color.alpha() == 255)
        return color;
    const double a = color.alphaF();
    return QColor::fromRgbF(float(color.redF() * a + background.redF() * (1 - a)),
        float(color.greenF() * a + background.greenF() * (1 - a)),
        float(color.blueF() * a + background.blueF() * (1 - a)));
}

} // namespace

EventLogModel::EventLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void EventLogModel::setLog(std::shared_ptr<const EventLog> log)
{
    beginResetModel();
    m_log = std::move(log);
    m_dependencyNames.clear();
    const qsizetype size = m_log ? m_log->size() : 0;
    m_first = std::max(size - rowLimit(), m_log ? m_log->firstIndex() : 0);
    m_rows = int(size - m_first);
    endResetModel();
}

qsizetype EventLogModel::rowLimit() const
{
    return m_newestOnly > 0 ? m_newestOnly : kMaxRows;
}

void EventLogModel::dropRowsBefore(qsizetype first)
{
    const int dropped = int(std::min<qsizetype>(m_rows, first - m_first));
    if (dropped > 0) {
        beginRemoveRows({}, 0, dropped - 1);
        m_rows -= dropped;
        m_first += dropped;
        endRemoveRows();
    }
    m_first = std::max(m_first, first); // with no rows left, the window jumps ahead
}

void EventLogModel::refresh(qsizetype upTo)
{
    if (!m_log)
        return;
    // Rows of events the log no longer holds (a long run's, when the disk ran short) leave first. Spilled events
    // stay rows: they are read back from the log's file when shown.
    if (m_log->firstIndex() > m_first)
        dropRowsBefore(m_log->firstIndex());
    const qsizetype end = upTo < 0 ? m_log->size() : std::min(upTo, m_log->size());
    if (end <= m_first + m_rows)
        return;
    // Rows that would come and go again at once are never inserted: a flood costs a refresh what it shows.
    if (end - m_first > rowLimit())
        dropRowsBefore(end - rowLimit());
    const int rows = int(end - m_first);
    beginInsertRows({}, m_rows, rows - 1);
    m_rows = rows;
    endInsertRows();
}

void EventLogModel::setNewestOnly(int rows)
{
    m_newestOnly = std::max(0, rows);
    if (!m_log)
        return;
    const qsizetype first = std::max(m_first + m_rows - rowLimit(), m_log->firstIndex());
    if (first < m_first) {
        // The rows dropped while only the newest were shown come back in front, as far as the log holds them.
        beginInsertRows({}, 0, int(m_first - first) - 1);
        m_rows += int(m_first - first);
        m_first = first;
        endInsertRows();
    } else if (m_newestOnly > 0 && m_rows > m_newestOnly) {
        const int dropped = m_rows - m_newestOnly;
        beginRemoveRows({}, 0, dropped - 1);
        m_rows -= dropped;
        m_first += dropped;
        endRemoveRows();
    }
}

qsizetype EventLogModel::eventIndex(int row) const
{
    return row >= 0 && row < m_rows ? m_first + row : -1;
}

int EventLogModel::rowOf(qsizetype eventIndex) const
{
    return eventIndex >= m_first && eventIndex < m_first + m_rows ? int(eventIndex - m_first) : -1;
}

LifecycleEvent EventLogModel::event(int row) const
{
    Q_ASSERT(row >= 0 && row < m_rows);
    return m_log->at(m_first + row);
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_rows || index.column() >= ColumnCount)
        return {};
    const qsizetype row = m_first + index.row(); // the event's index in the log
    const int column = index.column();
    // Roles that need no more than the stored time and kind are answered without decoding the event.
    switch (role) {
    case Qt::TextAlignmentRole:
        if (column == TimeColumn || column == IncarnationColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case EventIndexRole:
        return QVariant::fromValue(row);
    case TimeRole:
        return QVariant::fromValue(m_log->timeAt(row));
    case KindRole:
        return int(m_log->kindAt(row));
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case Qt::DecorationRole:
    case WorkerRole:
    case FailureKindRole:
    case StateColorRole:
        break;
    default:
        return {};
    }

    const LifecycleEvent event = m_log->at(row);
    switch (role) {
    case Qt::DisplayRole:
        return displayText(event, column);
    case Qt::ToolTipRole:
        return toolTipText(event);
    case Qt::DecorationRole: {
        if (column != EventColumn)
            return {};
        const auto state = stateColorOf(event);
        if (!state)
            return {};
        const QPalette palette = QGuiApplication::palette();
        return opaqueOver(StateColors::color(*state, palette), palette.color(QPalette::Base));
    }
    case WorkerRole:
        return event.worker;
    case FailureKindRole:
        if (event.kind != EventKind::WorkerFailed)
            return {};
        return int(event.failure);
    case StateColorRole: {
        const auto state = stateColorOf(event);
        return state ? QVariant(int(*state)) : QVariant();
    }
    }
    return {};
}

QVariant EventLogModel::displayText(const LifecycleEvent &event, int column) const
{
    switch (column) {
    case TimeColumn:
        return timeText(event.tUs);
    case WorkerColumn:
        if (event.has(FieldDependency)) {
            //: %1 is the dependency's name, as the scenario gives it
            return tr("dependency %1").arg(dependencyName(event.dependency));
        }
        return workerText(event.worker);
    case IncarnationColumn:
        return event.has(FieldIncarnation) ? readingLocale().toString(event.incarnation) : QString();
    case EventColumn:
        return eventName(event.kind);
    case DetailColumn:
        return detailText(event);
    }
    return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (Column(section)) {
        case TimeColumn:
            return tr("Time");
        case WorkerColumn:
            return tr("Worker");
        case IncarnationColumn:
            return tr("Incarnation");
        case EventColumn:
            return tr("Event");
        case DetailColumn:
            return tr("Detail");
        case ColumnCount:
            break;
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case TimeColumn:
            return tr("Time since the run started");
        case WorkerColumn:
            return tr("The worker the event belongs to, or the supervisor");
        case IncarnationColumn:
            return tr("Which run of the worker: 1 for its first start, one more for each restart");
        case EventColumn:
            return tr("The event, as named in the log");
        case DetailColumn:
            return tr("Why it happened, or what it carries");
        case ColumnCount:
            break;
        }
    }
    if (role == Qt::TextAlignmentRole && (section == TimeColumn || section == IncarnationColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return QAbstractTableModel::headerData(section, orientation, role);
}

QHash<int, QByteArray> EventLogModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(EventIndexRole, "eventIndex");
    names.insert(TimeRole, "timeUs");
    names.insert(WorkerRole, "worker");
    names.insert(KindRole, "kind");
    names.insert(FailureKindRole, "failureKind");
    names.insert(StateColorRole, "stateColor");
    return names;
}

QString EventLogModel::timeText(qint64 tUs)
{
    // Whole microseconds: in a virtual-time run many events share a millisecond, and their order matters.
    // Exact to the microsecond below 2^53 µs (285 years); no group separators, which would read as decimals.
    const QString seconds = readingLocale().toString(double(tUs) / 1e6, 'f', 6);
    //: A time since the run began, in seconds to the microsecond: "1.234567 s"
    return tr("%1 s").arg(seconds);
}

QString EventLogModel::dependencyName(int dependency) const
{
    if (m_dependencyNames.isEmpty() && m_log) {
        for (const QJsonValue &spec : m_log->header().config.value(u"dependencies"_s).toArray())
            m_dependencyNames << spec.toObject().value(u"name"_s).toString();
    }
    return m_dependencyNames.value(dependency, QString::number(dependency));
}

QString EventLogModel::workerText(int worker)
{
    //: %1 is the worker's number, from 0
    return worker < 0 ? tr("supervisor") : tr("worker %1").arg(worker);
}

QString EventLogModel::detailText(const LifecycleEvent &event)
{
    switch (event.kind) {
    case EventKind::RunStarted:
        //: The run's random seed
        return tr("seed %1").arg(event.run.seed);
    case EventKind::RestartScheduled: {
        const QLocale locale;
        //: A restart decided: %1 is its delay, %2 which attempt it is
        return tr("in %1 ms, attempt %2").arg(locale.toString(event.delayMs), locale.toString(event.attempt));
    }
    case EventKind::ConfigChanged:
        return event.key + u" = "_s + event.value; // a parameter's name and value, as the command line writes them
    case EventKind::RunFinished: {
        const QLocale locale;
        //: The counts of a finished run
        return tr("restarts %1, failures %2, completions %3")
            .arg(locale.toString(event.counts.restarts), locale.toString(event.counts.failures),
                locale.toString(event.counts.completions));
    }
    default:
        return event.has(FieldReason) ? event.reason : QString();
    }
}

QString EventLogModel::toolTipText(const LifecycleEvent &event)
{
    return QString::fromUtf8(JsonLinesWriter::line(event).trimmed());
}

std::optional<StateColor> EventLogModel::stateColorOf(const LifecycleEvent &event)
{
    switch (event.kind) {
    case EventKind::SupervisorStarted:
    case EventKind::WorkerStarted:
    case EventKind::WorkerReady:
        return StateColor::Running;
    case EventKind::WorkerCompleted:
        return StateColor::Completed;
    case EventKind::WorkerFailed:
        return StateColors::ofFailure(event.failure);
    case EventKind::RestartScheduled:
        return StateColor::Waiting;
    case EventKind::SupervisorStopping:
    case EventKind::WorkerStopping:
        return StateColor::Stopping;
    case EventKind::SupervisorStopped:
    case EventKind::WorkerStopped:
        return StateColor::Stopped;
    case EventKind::WorkerAbandoned:
        return StateColor::Abandoned;
    case EventKind::SupervisorGaveUp:
        return StateColor::GaveUp;
    case EventKind::CircuitOpened:
    case EventKind::CircuitHalfOpen:
    case EventKind::CircuitClosed:
        return StateColor::CircuitOpen;
    case EventKind::ConfigChanged:
        return StateColor::ConfigChanged;
    case EventKind::DependencyDown:
        return StateColor::DependencyDown;
    case EventKind::DependencyUp:
        return StateColor::Running;
    case EventKind::RunStarted:
    case EventKind::RunFinished:
        break;
    }
    return std::nullopt;
}

} // namespace SupervisorLab
