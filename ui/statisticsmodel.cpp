#include "statisticsmodel.h"

#include "analysis/timeaxis.h"
#include "events/readinglocale.h"
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
constexpr qint64 kExactBelow = 10'000; // formatCount() writes smaller counts whole

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
            return tr("All");
        if (const SupervisorConfig &config = m_statistics->world().config(); config.isTree()) // as its lane says
            return config.workerName(row);
        //: %1 is the worker's number, from 0
        return tr("Worker %1").arg(row);
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
            return tr("Not started yet.");
        if (total) {
            //: %1 and %2 are durations, "3.2 s"
            return tr("The mean of the workers' availabilities: %1 running of %2 observed in all.")
                .arg(TimeAxis::formatDuration(m.runningUs), TimeAxis::formatDuration(m.observedUs));
        }
        //: %1 and %2 are durations, "3.2 s"
        return tr("Running %1 of the %2 since its first start.")
            .arg(TimeAxis::formatDuration(m.runningUs), TimeAxis::formatDuration(m.observedUs));
    case FailuresColumn: {
        const QString errors = tr("%n error(s)", nullptr, int(m.failures(FailureKind::Error)));
        const QString exceptions = tr("%n exception(s)", nullptr, int(m.failures(FailureKind::Exception)));
        const QString hangs = tr("%n hang(s)", nullptr, int(m.failures(FailureKind::Hang)));
        if (m.failures(FailureKind::ExitStatus) + m.failures(FailureKind::Signal) + m.failures(FailureKind::CannotStart)
            == 0) {
            //: The failures of a worker by kind: %1 errors, %2 exceptions, %3 hangs
            return tr("%1, %2, %3").arg(errors, exceptions, hangs);
        }
        //: The failures of a worker by kind: %1 errors, %2 exceptions, %3 hangs, then those of a real program:
        //: %4 exit statuses, %5 signals, %6 failed starts
        return tr("%1, %2, %3; of a real program: %4, %5, %6")
            .arg(errors, exceptions, hangs, tr("%n exit status(es)", nullptr, int(m.failures(FailureKind::ExitStatus))),
                tr("%n signal(s)", nullptr, int(m.failures(FailureKind::Signal))),
                tr("%n failed start(s)", nullptr, int(m.failures(FailureKind::CannotStart))));
    }
    case MtbfColumn:
        if (!m.mtbfUs) {
            //: %1 is a duration, "3.2 s"
            return tr("No failures yet: %1 running without one.").arg(TimeAxis::formatDuration(m.runningUs));
        }
        //: The mean time between failures as its division: %1 is the running time, "3.2 s"
        return tr("%1 running / %n failure(s)", nullptr, int(m.failures())).arg(TimeAxis::formatDuration(m.runningUs));
    case MttrColumn:
        if (!m.mttrUs)
            return tr("No failure has been followed by a restart yet.");
        return tr("The mean of %n recovery(ies) from a failure to the next start.", nullptr, int(m.recoveries));
    case RestartsColumn:
    case ErrorColumn:
    case ExceptionColumn:
    case HangColumn:
    case CompletionsColumn: {
        const qint64 count = sortValue(row, column).toLongLong();
        return count < kExactBelow ? QString() : readingLocale().toString(count); // the exact count
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
            return tr("Worker");
        case AvailabilityColumn:
            return tr("Avail.", "short for Availability");
        case RestartsColumn:
            return tr("Restarts");
        case FailuresColumn:
            return tr("Fail.", "short for Failures");
        case ErrorColumn:
            return tr("Err.", "short for Error");
        case ExceptionColumn:
            return tr("Exc.", "short for Exception");
        case HangColumn:
            return tr("Hang");
        case CompletionsColumn:
            return tr("Done");
        case MtbfColumn:
            return tr("MTBF");
        case MttrColumn:
            return tr("MTTR");
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        //: A column's full name, then what it measures
        return tr("%1: %2").arg(fullName(Column(section)), explanation(Column(section)));
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
        return tr("The supervised worker; \"All\" sums up every worker.");
    case AvailabilityColumn:
        return tr("The share of time a worker was running since its first start (for All, the mean over "
                  "workers): what failures and restart delays cost.");
    case RestartsColumn:
        return tr("How many times a worker was started again after its first start.");
    case FailuresColumn:
        return tr("Runs that ended in failure: an error returned, an exception thrown, or a hang caught by the "
                  "heartbeat timeout.");
    case ErrorColumn:
        return tr("Failures where the worker returned an error; for a real program, a non-zero exit status or a start "
                  "that failed.");
    case ExceptionColumn:
        return tr("Failures where the worker threw an exception, caught at the thread boundary; for a real program, "
                  "death by a signal.");
    case HangColumn:
        return tr("Failures where the worker stopped beating and the heartbeat timeout declared it hung.");
    case CompletionsColumn:
        return tr("Runs that finished their work normally.");
    case MtbfColumn:
        return tr("Mean time between failures: running time divided by the number of failures; higher is "
                  "better.");
    case MttrColumn:
        return tr("Mean time to recovery: the average time from a failure to the worker's next start, set by the "
                  "restart delay and backoff.");
    case ColumnCount:
        break;
    }
    return {};
}

QString StatisticsModel::fullName(Column column)
{
    static const char *const names[] { QT_TR_NOOP("Worker"), QT_TR_NOOP("Availability"), QT_TR_NOOP("Restarts"),
        QT_TR_NOOP("Failures"), QT_TR_NOOP("Error"), QT_TR_NOOP("Exception"), QT_TR_NOOP("Hang"),
        QT_TR_NOOP("Completions"), QT_TR_NOOP("MTBF"), QT_TR_NOOP("MTTR") };
    return column >= 0 && column < ColumnCount ? tr(names[column]) : QString();
}

QString StatisticsModel::formatCount(qint64 count)
{
    const QLocale locale = readingLocale();
    if (count < kExactBelow)
        return locale.toString(count);
    if (count < 1'000'000) {
        //: A count in thousands, at most four characters: "12k"
        return tr("%1k").arg(locale.toString(count / 1000));
    }
    //: A count in millions, at most four characters: "1.2M", "123M"
    if (count < 10'000'000)
        return tr("%1M").arg(locale.toString(double(count / 100'000) / 10, 'f', 1));
    return tr("%1M").arg(locale.toString(count / 1'000'000));
}

QString StatisticsModel::widestText(Column column)
{
    switch (column) {
    case WorkerColumn:
        return tr("Worker %1").arg(u"00"_s);
    case AvailabilityColumn:
        return formatAvailability(1.0);
    case MtbfColumn:
    case MttrColumn:
        return u"888.8 ms"_s; // as wide as "9999 s"
    default:
        return formatCount(8888); // formatCount() never writes more than four characters below a billion
    }
}

QString StatisticsModel::formatAvailability(const std::optional<double> &availability)
{
    if (!availability)
        return kUndefined;
    //: A percentage, "97.3 %"
    return tr("%1 %").arg(readingLocale().toString(*availability * 100, 'f', 1));
}

QString StatisticsModel::formatDuration(const std::optional<qint64> &us)
{
    return us ? TimeAxis::formatDuration(*us) : kUndefined;
}

} // namespace SupervisorLab
