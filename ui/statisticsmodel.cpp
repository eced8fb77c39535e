#include "statisticsmodel.h"

#include "analysis/timeaxis.h"
#include "statecolors.h"

#include <QFont>
#include <QGuiApplication>
#include <QIcon>
#include <QLocale>
#include <QPixmap>

#include <utility>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

const QString kUndefined = u"—"_s;

std::optional<FailureKind> kindOfColumn(int column)
{
    switch (column) {
    case StatisticsModel::ErrorColumn:
        return FailureKind::Error;
    case StatisticsModel::ExceptionColumn:
        return FailureKind::Exception;
    case StatisticsModel::HangColumn:
        return FailureKind::Hang;
    default:
        return std::nullopt;
    }
}

// A column's count: a real program's failures go with the simulated kind they resemble, as the timeline colours
// them: an exit status or a failed start is an error, a signal a crash.
qint64 countOfColumn(const RunStatistics::Measures &m, int column)
{
    switch (column) {
    case StatisticsModel::ErrorColumn:
        return m.failures(FailureKind::Error) + m.failures(FailureKind::ExitStatus)
            + m.failures(FailureKind::CannotStart);
    case StatisticsModel::ExceptionColumn:
        return m.failures(FailureKind::Exception) + m.failures(FailureKind::Signal);
    default:
        return m.failures(*kindOfColumn(column));
    }
}

QString plural(qint64 count, const QString &singular, const QString &pluralForm)
{
    return QString::number(count) + u' ' + (count == 1 ? singular : pluralForm);
}

} // namespace

StatisticsModel::StatisticsModel(const RunStatistics *statistics, QObject *parent)
    : QAbstractTableModel(parent)
    , m_statistics(statistics)
{
}

void StatisticsModel::reset()
{
    beginResetModel();
    m_rows = { Measures() };
    endResetModel();
}

void StatisticsModel::refresh(qint64 nowUs)
{
    const int workers = m_statistics->workerCount();
    const int shownWorkers = int(m_rows.size()) - 1;
    if (workers < shownWorkers) // the statistics started over without reset(): nothing to keep
        reset();
    if (workers > shownWorkers) {
        const int firstNew = int(m_rows.size()) - 1;
        beginInsertRows({}, firstNew, workers - 1);
        for (int worker = firstNew; worker < workers; ++worker)
            m_rows.insert(worker, m_statistics->worker(worker, nowUs));
        endInsertRows();
    }

    for (int row = 0; row < int(m_rows.size()); ++row) {
        const Measures now = isTotalRow(row) ? m_statistics->total(nowUs) : m_statistics->worker(row, nowUs);
        const Measures before = std::exchange(m_rows[row], now);
        // One signal per run of changed cells in the row, so a view repaints only what changed.
        int first = -1;
        for (int column = 0; column <= ColumnCount; ++column) {
            const bool changed = column < ColumnCount && differs(before, now, column);
            if (changed && first < 0)
                first = column;
            if (!changed && first >= 0) {
                emit dataChanged(index(row, first), index(row, column - 1));
                first = -1;
            }
        }
    }
}

bool StatisticsModel::differs(const Measures &before, const Measures &after, int column)
{
    switch (Column(column)) {
    case WorkerColumn:
    case ColumnCount:
        return false;
    case AvailabilityColumn: // the tooltip shows the running and observed times
        return before.availability != after.availability || before.runningUs != after.runningUs
            || before.observedUs != after.observedUs;
    case RestartsColumn:
        return before.restarts != after.restarts;
    case FailuresColumn:
        return before.failuresByKind != after.failuresByKind;
    case ErrorColumn:
    case ExceptionColumn:
    case HangColumn:
        return countOfColumn(before, column) != countOfColumn(after, column);
    case CompletionsColumn:
        return before.completions != after.completions;
    case MtbfColumn:
        return before.mtbfUs != after.mtbfUs || before.runningUs != after.runningUs
            || before.failures() != after.failures();
    case MttrColumn:
        return before.mttrUs != after.mttrUs || before.recoveries != after.recoveries;
    }
    return false;
}

int StatisticsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StatisticsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StatisticsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(row, column);
    case Qt::ToolTipRole: {
        const QString tip = toolTip(row, column);
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    case Qt::TextAlignmentRole:
        return int(column == WorkerColumn ? Qt::AlignLeft | Qt::AlignVCenter : Qt::AlignRight | Qt::AlignVCenter);
    case Qt::FontRole:
        if (isTotalRow(row)) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case SortRole:
        return sortValue(row, column);
    case IsTotalRole:
        return isTotalRow(row);
    default:
        return {};
    }
}

QVariant StatisticsModel::display(int row, int column) const
{
    const Measures &m = m_rows.at(row);
    switch (Column(column)) {
    case WorkerColumn:
        if (isTotalRow(row))
            return u"All"_s;
        if (const SupervisorConfig &config = m_statistics->world().config(); config.isTree()) // as its lane says
            return config.workerName(row);
        return u"Worker %1"_s.arg(row);
    case AvailabilityColumn:
        return formatAvailability(m.availability);
    case MtbfColumn:
        return formatDuration(m.mtbfUs);
    case MttrColumn:
        return formatDuration(m.mttrUs);
    default:
        return formatCount(sortValue(row, column).toLongLong());
    }
}

QVariant StatisticsModel::sortValue(int row, int column) const
{
    const Measures &m = m_rows.at(row);
    const auto optional = [](const auto &value) { return value ? QVariant::fromValue(*value) : QVariant(); };
    switch (Column(column)) {
    case WorkerColumn:
        return row;
    case AvailabilityColumn:
        return optional(m.availability);
    case RestartsColumn:
        return m.restarts;
    case FailuresColumn:
        return m.failures();
    case ErrorColumn:
    case ExceptionColumn:
    case HangColumn:
        return countOfColumn(m, column);
    case CompletionsColumn:
        return m.completions;
    case MtbfColumn:
        return optional(m.mtbfUs);
    case MttrColumn:
        return optional(m.mttrUs);
    case ColumnCount:
        break;
    }
    return {};
}

QString StatisticsModel::toolTip(int row, int column) const
{
    const Measures &m = m_rows.at(row);
    const bool total = isTotalRow(row);
    switch (Column(column)) {
    case AvailabilityColumn:
        if (!m.availability)
            return u"Not started yet."_s;
        if (total)
            return u"The mean of the workers' availabilities: %1 running of %2 observed in all."_s.arg(
                TimeAxis::formatDuration(m.runningUs), TimeAxis::formatDuration(m.observedUs));
        return u"Running %1 of the %2 since its first start."_s.arg(
            TimeAxis::formatDuration(m.runningUs), TimeAxis::formatDuration(m.observedUs));
    case FailuresColumn:
        return plural(m.failures(FailureKind::Error), u"error"_s, u"errors"_s) + u", "_s
            + plural(m.failures(FailureKind::Exception), u"exception"_s, u"exceptions"_s) + u", "_s
            + plural(m.failures(FailureKind::Hang), u"hang"_s, u"hangs"_s)
            + (m.failures(FailureKind::ExitStatus) + m.failures(FailureKind::Signal)
                            + m.failures(FailureKind::CannotStart)
                        > 0
                    ? u"; of a real program: "_s
                        + plural(m.failures(FailureKind::ExitStatus), u"exit status"_s, u"exit statuses"_s) + u", "_s
                        + plural(m.failures(FailureKind::Signal), u"signal"_s, u"signals"_s) + u", "_s
                        + plural(m.failures(FailureKind::CannotStart), u"failed start"_s, u"failed starts"_s)
                    : QString());
    case MtbfColumn:
        if (!m.mtbfUs)
            return u"No failures yet: %1 running without one."_s.arg(TimeAxis::formatDuration(m.runningUs));
        return u"%1 running / %2"_s.arg(
            TimeAxis::formatDuration(m.runningUs), plural(m.failures(), u"failure"_s, u"failures"_s));
    case MttrColumn:
        if (!m.mttrUs)
            return u"No failure has been followed by a restart yet."_s;
        return u"The mean of %1 from a failure to the next start."_s.arg(
            plural(m.recoveries, u"recovery"_s, u"recoveries"_s));
    case RestartsColumn:
    case ErrorColumn:
    case ExceptionColumn:
    case HangColumn:
    case CompletionsColumn: {
        const qint64 count = sortValue(row, column).toLongLong();
        return formatCount(count) == QString::number(count) ? QString() : QString::number(count); // the exact count
    }
    default:
        return {};
    }
}

QVariant StatisticsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (role) {
    case Qt::DisplayRole: // short, so that every column fits a narrow dock; the tooltip names and explains it
        switch (Column(section)) {
        case WorkerColumn:
            return u"Worker"_s;
        case AvailabilityColumn:
            return u"Avail."_s;
        case RestartsColumn:
            return u"Restarts"_s;
        case FailuresColumn:
            return u"Fail."_s;
        case ErrorColumn:
            return u"Err."_s;
        case ExceptionColumn:
            return u"Exc."_s;
        case HangColumn:
            return u"Hang"_s;
        case CompletionsColumn:
            return u"Done"_s;
        case MtbfColumn:
            return u"MTBF"_s;
        case MttrColumn:
            return u"MTTR"_s;
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        return QString(fullName(Column(section)) + u": "_s + explanation(Column(section)));
    case Qt::DecorationRole:
        // The legend's colour of each failure kind, so the columns read like the timeline's markers.
        if (const auto kind = kindOfColumn(section)) {
            // A header draws an icon or pixmap, not a bare colour.
            QPixmap swatch(8, 8);
            swatch.fill(StateColors::color(StateColors::ofFailure(*kind), QGuiApplication::palette()));
            return QIcon(swatch);
        }
        return {};
    default:
        return {};
    }
}

QString StatisticsModel::explanation(Column column)
{
    switch (column) {
    case WorkerColumn:
        return u"The supervised worker; \"All\" sums up every worker."_s;
    case AvailabilityColumn:
        return u"The share of time a worker was running since its first start (for All, the mean over "
               u"workers): what failures and restart delays cost."_s;
    case RestartsColumn:
        return u"How many times a worker was started again after its first start."_s;
    case FailuresColumn:
        return u"Runs that ended in failure: an error returned, an exception thrown, or a hang caught by the "
               u"heartbeat timeout."_s;
    case ErrorColumn:
        return u"Failures where the worker returned an error; for a real program, a non-zero exit status or a start "
               "that failed."_s;
    case ExceptionColumn:
        return u"Failures where the worker threw an exception, caught at the thread boundary; for a real program, "
               "death by a signal."_s;
    case HangColumn:
        return u"Failures where the worker stopped beating and the heartbeat timeout declared it hung."_s;
    case CompletionsColumn:
        return u"Runs that finished their work normally."_s;
    case MtbfColumn:
        return u"Mean time between failures: running time divided by the number of failures; higher is "
               u"better."_s;
    case MttrColumn:
        return u"Mean time to recovery: the average time from a failure to the worker's next start, set by the "
               u"restart delay and backoff."_s;
    case ColumnCount:
        break;
    }
    return {};
}

QString StatisticsModel::fullName(Column column)
{
    static const QStringList names { u"Worker"_s, u"Availability"_s, u"Restarts"_s, u"Failures"_s, u"Error"_s,
        u"Exception"_s, u"Hang"_s, u"Completions"_s, u"MTBF"_s, u"MTTR"_s };
    return names.value(int(column));
}

QString StatisticsModel::formatCount(qint64 count)
{
    if (count < 10'000)
        return QString::number(count);
    if (count < 1'000'000)
        return QString::number(count / 1000) + u'k';
    if (count < 10'000'000)
        return QLocale::c().toString(double(count / 100'000) / 10, 'f', 1) + u'M';
    return QString::number(count / 1'000'000) + u'M';
}

QString StatisticsModel::widestText(Column column)
{
    switch (column) {
    case WorkerColumn:
        return u"Worker 00"_s;
    case AvailabilityColumn:
        return u"100.0 %"_s;
    case MtbfColumn:
    case MttrColumn:
        return u"888.8 ms"_s; // as wide as "9999 s"
    default:
        return u"8888"_s; // formatCount() never writes more than four characters below a billion
    }
}

QString StatisticsModel::formatAvailability(const std::optional<double> &availability)
{
    if (!availability)
        return kUndefined;
    return QLocale::c().toString(*availability * 100, 'f', 1) + u" %"_s;
}

QString StatisticsModel::formatDuration(const std::optional<qint64> &us)
{
    return us ? TimeAxis::formatDuration(*us) : kUndefined;
}

} // namespace SupervisorLab
