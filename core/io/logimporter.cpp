#include "io/logimporter.h"

#include "events/eventlog.h"
#include "io/csvreader.h"
#include "io/csvwriter.h"
#include "io/eventtyping.h"
#include "io/jsonlinesreader.h"
#include "io/regularfile.h"
#include "policy/echoedtext.h"
#include "policy/parameterspec.h"
#include "policy/supervisorconfig.h"
#include "supervisorlabversion.h"

#include <QCoreApplication>
#include <QFile>
#include <QVersionNumber>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

constexpr QByteArrayView kByteOrderMark = "\xEF\xBB\xBF";

// The physical lines of a device, each at most kMaxLineBytes and valid UTF-8, read through one buffer: a log of
// millions of lines costs no allocation per line.
class LineSource
{
public:
    enum class Status
    {
        Line,
        End,
        Refused,
    };

    explicit LineSource(QIODevice &device)
        : m_device(device)
        , m_buffer(LogImporter::kMaxLineBytes + 3, Qt::Uninitialized) // the longest line, CR, LF and a '\0'
    {
    }

    // The next line, without its line break, valid until the next call.
    Status next(QByteArrayView *line, QString *problem)
    {
        if (m_device.atEnd())
            return Status::End;
        const qint64 read = m_device.readLine(m_buffer.data(), m_buffer.size());
        if (read < 0) {
            *problem = QCoreApplication::translate("LogImporter", "cannot be read: %1").arg(m_device.errorString());
            return Status::Refused;
        }
        ++m_number;
        QByteArrayView text(m_buffer.constData(), read);
        // A byte order mark, as spreadsheets put before UTF-8, is not part of the log: either format may begin with
        // one.
        if (m_number == 1 && text.startsWith(kByteOrderMark))
            text = text.sliced(kByteOrderMark.size());
        m_lastHadNewline = text.endsWith('\n');
        if (m_lastHadNewline)
            text.chop(1);
        else if (!m_device.atEnd()) {
            *problem
                = QCoreApplication::translate("LogImporter", "longer than %1 bytes").arg(LogImporter::kMaxLineBytes);
            return Status::Refused;
        }
        m_lastHadCarriageReturn = text.endsWith('\r');
        if (m_lastHadCarriageReturn)
            text.chop(1);
        if (text.size() > LogImporter::kMaxLineBytes) {
            *problem
                = QCoreApplication::translate("LogImporter", "longer than %1 bytes").arg(LogImporter::kMaxLineBytes);
            return Status::Refused;
        }
        if (!text.isValidUtf8()) {
            *problem = QCoreApplication::translate("LogImporter", "not valid UTF-8");
            return Status::Refused;
        }
        *line = text;
        return Status::Line;
    }

    qint64 number() const { return m_number; }
    // The file ended in the middle of this line: it was cut short.
    bool lastWasCutShort() const { return !m_lastHadNewline && m_device.atEnd(); }
    // The line break that ended this line, which a quoted CSV field going on past it holds.
    QByteArrayView lastLineBreak() const { return m_lastHadCarriageReturn ? "\r\n" : "\n"; }

private:
    QIODevice &m_device;
    QByteArray m_buffer;
    qint64 m_number = 0;
    bool m_lastHadNewline = true;
    bool m_lastHadCarriageReturn = false;
};

// Judges each event against the run so far, and appends the ones that fit to the log.
class RunReader
{
public:
    explicit RunReader(qint64 maxEvents)
        : m_maxEvents(maxEvents)
    {
    }

    QString accept(LifecycleEvent event)
    {
        if (m_maxEvents > 0 && m_log->size() >= m_maxEvents)
            return QCoreApplication::translate(
                "LogImporter", "the log goes on past %1 events, more than the memory limit holds (see --memory-limit)")
                .arg(m_maxEvents);
        if (m_finished)
            return QCoreApplication::translate("LogImporter", "%1 after run_finished: a log holds one run")
                .arg(eventName(event.kind));
        if (!m_started && event.kind != EventKind::RunStarted)
            return QCoreApplication::translate("LogImporter", "the log must begin with run_started, not %1")
                .arg(eventName(event.kind));
        if (m_started && event.kind == EventKind::RunStarted)
            return QCoreApplication::translate("LogImporter", "a second run_started: a log holds one run");
        if (event.tUs < m_log->lastTimeUs())
            return QCoreApplication::translate("LogImporter", "t_us %1 is earlier than the event before it (%2)")
                .arg(event.tUs)
                .arg(m_log->lastTimeUs());
        if (event.has(FieldWorker) && event.worker >= m_config.workers)
            return QCoreApplication::translate("LogImporter", "worker %1 is not in this run of %2 workers")
                .arg(event.worker)
                .arg(m_config.workers);
        if (event.supervisorIndex >= m_config.supervisorCount())
            return QCoreApplication::translate("LogImporter", "%1 names supervisor %2, but this run has %3 (0 to %4)")
                .arg(eventName(event.kind))
                .arg(event.supervisorIndex)
                .arg(m_config.supervisorCount())
                .arg(m_config.supervisorCount() - 1);
        if (event.has(FieldDependency) && event.dependency >= m_config.dependencies.size())
            return m_config.dependencies.isEmpty()
                ? QCoreApplication::translate("LogImporter", "%1 names dependency %2, but this run has no dependencies")
                      .arg(eventName(event.kind))
                      .arg(event.dependency)
                : QCoreApplication::translate("LogImporter", "%1 names dependency %2, but this run has %3 (0 to %4)")
                      .arg(eventName(event.kind))
                      .arg(event.dependency)
                      .arg(m_config.dependencies.size())
                      .arg(m_config.dependencies.size() - 1);
        if (event.has(FieldReason)) {
            if (const QString problem = reasonProblem(event.kind, event.reason); !problem.isEmpty())
                return QCoreApplication::translate("LogImporter", "%1: reason '%2' is not one of the vocabulary: %3")
                    .arg(eventName(event.kind), echoed(event.reason), problem);
        }
        QString problem;
        if (event.kind == EventKind::RunStarted)
            problem = startRun(event.run);
        else if (event.kind == EventKind::ConfigChanged)
            problem = changeConfig(event);
        else if (event.has(FieldWorker) && event.has(FieldIncarnation))
            problem = followIncarnation(event);
        if (!problem.isEmpty())
            return problem;
        m_started = true;
        m_finished = event.kind == EventKind::RunFinished;
        m_typing.type(event);
        m_log->append(event);
        return {};
    }

    bool started() const { return m_started; }
    std::shared_ptr<EventLog> log() const { return m_log; }

private:
    QString startRun(RunHeader &header)
    {
        if (QString problem = checkVersion(header.version); !problem.isEmpty())
            return problem;
        SupervisorConfig config;
        if (QString problem = config.applyJson(header.config); !problem.isEmpty())
            return QCoreApplication::translate("LogImporter", "config: %1").arg(problem);
        if (QString problem = config.validate(); !problem.isEmpty())
            return QCoreApplication::translate("LogImporter", "config: %1").arg(problem);
        if (config.seed != header.seed)
            return QCoreApplication::translate("LogImporter", "seed %1 differs from the config's seed %2")
                .arg(header.seed)
                .arg(config.seed);
        m_config = config;
        m_typing.setConfig(config);
        m_incarnations.assign(size_t(std::max(config.workers, 0)), RunningIncarnation {});
        header.config = config.toJson();
        return {};
    }

    // What only a real program does, only a worker that runs one does: say it is ready (READY=1), once per
    // incarnation while it runs, and leave its last lines of output on its end. (So the CSV of any log read here has
    // the output column wherever an output is to be written.)
    QString followIncarnation(const LifecycleEvent &event)
    {
        const bool ready = event.kind == EventKind::WorkerReady;
        if ((ready || !event.output.isEmpty()) && !m_config.programOf(event.worker).isProgram()) {
            if (ready)
                return QCoreApplication::translate(
                    "LogImporter", "worker_ready for worker %1, which runs no program: only a program says it is ready")
                    .arg(event.worker);
            return QCoreApplication::translate("LogImporter", "%1 has output, but worker %2 runs no program")
                .arg(eventName(event.kind))
                .arg(event.worker);
        }
        RunningIncarnation &worker = m_incarnations.at(size_t(event.worker));
        if (event.kind == EventKind::WorkerStarted) {
            worker = RunningIncarnation { event.incarnation, false };
        } else if (ready) {
            if (worker.incarnation != event.incarnation)
                return QCoreApplication::translate("LogImporter",
                    "worker_ready for worker %1 incarnation %2, which is not running: a program is ready only "
                    "between its worker_started and its end")
                    .arg(event.worker)
                    .arg(event.incarnation);
            if (worker.ready)
                return QCoreApplication::translate("LogImporter",
                    "worker_ready for worker %1 incarnation %2 a second time: a program is ready once per "
                    "incarnation")
                    .arg(event.worker)
                    .arg(event.incarnation);
            worker.ready = true;
        } else if (event.isTerminal() && worker.incarnation == event.incarnation) {
            worker = RunningIncarnation {};
        }
        return {};
    }

    static QString checkVersion(const QString &version)
    {
        qsizetype suffix = 0;
        const QVersionNumber written = QVersionNumber::fromString(version, &suffix);
        if (written.segmentCount() != 3 || suffix != version.size())
            return QCoreApplication::translate("LogImporter", "version '%1' is not a Supervisor Lab version")
                .arg(echoed(version));
        const QVersionNumber reader = QVersionNumber::fromString(versionString());
        if (written.majorVersion() != reader.majorVersion()
            || QVersionNumber(written.majorVersion(), written.minorVersion())
                > QVersionNumber(reader.majorVersion(), reader.minorVersion()))
            return QCoreApplication::translate(
                "LogImporter", "written by Supervisor Lab %1; this is %2, which reads logs of %3.%4.x and older")
                .arg(version, versionString())
                .arg(reader.majorVersion())
                .arg(reader.minorVersion());
        return {};
    }

    QString changeConfig(LifecycleEvent &event)
    {
        const ParameterSpec *spec = findParameter(event.key);
        if (!spec)
            return QCoreApplication::translate("LogImporter", "config_changed names no parameter '%1'")
                .arg(echoed(event.key));
        if (!spec->live)
            return QCoreApplication::translate("LogImporter", "config_changed: '%1' cannot change during a run")
                .arg(event.key);
        if (event.worker >= m_config.workers)
            return QCoreApplication::translate(
                "LogImporter", "config_changed: worker %1 is not in this run of %2 workers")
                .arg(event.worker)
                .arg(m_config.workers);
        SupervisorConfig changed = m_config;
        QString problem = event.worker >= 0 ? changed.setWorkerValue(event.worker, event.key, event.value)
                                            : changed.setValue(event.key, event.value);
        if (problem.isEmpty())
            problem = changed.validate();
        if (!problem.isEmpty())
            return QCoreApplication::translate("LogImporter", "config_changed %1: %2").arg(event.key, problem);
        m_config = changed;
        m_typing.setConfig(changed);
        event.value
            = event.worker >= 0 ? m_config.forWorker(event.worker).valueText(event.key) : m_config.valueText(event.key);
        return {};
    }

    struct RunningIncarnation
    {
        quint32 incarnation = 0; // 0: none runs
        bool ready = false;
    };

    qint64 m_maxEvents = 0;
    std::vector<RunningIncarnation> m_incarnations; // by worker
    std::shared_ptr<EventLog> m_log = std::make_shared<EventLog>();
    SupervisorConfig m_config { .workers = 0 };
    EventTyping m_typing;
    bool m_started = false;
    bool m_finished = false;
};

QString located(const QString &name, qint64 line, const QString &problem)
{
    //: A problem in a file: %1 is the file, %2 the line number, %3 the problem.
    return QCoreApplication::translate("LogImporter", "%1:%2: %3").arg(name, QString::number(line), problem);
}

std::shared_ptr<EventLog> readLines(
    LineSource &lines, LogFormat format, const QString &name, QString *error, qint64 maxEvents)
{
    RunReader run(maxEvents);
    std::optional<RunHeader> commentHeader;
    bool csvHeaderSeen = false;
    int csvColumns = CsvReader::kColumns;
    QByteArrayView line;
    QString problem;
    const auto fail = [&](qint64 lineNumber, const QString &what) {
        *error = located(name, lineNumber,
            lines.lastWasCutShort()
                //: %1 is what is wrong with the line.
                ? QCoreApplication::translate("LogImporter", "the file ends in the middle of this line: %1").arg(what)
                : what);
        return nullptr;
    };
    for (;;) {
        const LineSource::Status status = lines.next(&line, &problem);
        if (status == LineSource::Status::Refused)
            return fail(lines.number(), QCoreApplication::translate("LogImporter", "line %1").arg(problem));
        if (status == LineSource::Status::End)
            break;
        const qint64 lineNumber = lines.number();
        if (line.isEmpty())
            continue;
        std::optional<LifecycleEvent> event;
        if (format == LogFormat::JsonLines) {
            event = JsonLinesReader::parse(line, &problem);
        } else if (!csvHeaderSeen) {
            csvHeaderSeen = true;
            csvColumns = CsvReader::headerColumns(line);
            if (csvColumns == 0)
                return fail(lineNumber,
                    //: %1 is the CSV header line.
                    QCoreApplication::translate(
                        "LogImporter", "not a Supervisor Lab CSV log: the first line must be %1")
                        .arg(QString::fromUtf8(CsvWriter::header()).trimmed()));
            continue;
        } else if (CsvReader::isComment(line)) {
            if (!(commentHeader = CsvReader::parseComment(line, &problem)))
                return fail(lineNumber, problem);
            continue;
        } else {
            // Most records are one line, read in place; a quoted field going on past a line break joins the next.
            QByteArrayView record = line;
            QByteArray joined;
            while (!CsvReader::isComplete(record)) {
                if (joined.isEmpty())
                    joined = line.toByteArray();
                const QByteArrayView lineBreak = lines.lastLineBreak();
                const LineSource::Status more = lines.next(&line, &problem);
                if (more == LineSource::Status::Refused)
                    return fail(lines.number(), QCoreApplication::translate("LogImporter", "line %1").arg(problem));
                if (more == LineSource::Status::End || joined.size() + line.size() > LogImporter::kMaxLineBytes)
                    return fail(
                        lineNumber, QCoreApplication::translate("LogImporter", "a quoted field is never closed"));
                record = joined.append(lineBreak).append(line);
            }
            event = CsvReader::parse(record, &problem, csvColumns);
            if (event && event->kind == EventKind::RunStarted) {
                if (!commentHeader)
                    return fail(lineNumber,
                        QCoreApplication::translate(
                            "LogImporter", "run_started has no '# run_started {…}' comment before it"));
                event->run = *std::exchange(commentHeader, std::nullopt);
            }
        }
        if (!event)
            return fail(lineNumber, problem);
        if (QString refused = run.accept(*event); !refused.isEmpty())
            return fail(lineNumber, refused);
    }
    if (!run.started()) {
        *error = QCoreApplication::translate("LogImporter", "%1: no events: not an event log").arg(name);
        return nullptr;
    }
    return run.log();
}

} // namespace

std::optional<LogFormat> LogImporter::formatFor(const QString &path)
{
    const std::optional<LogFormat> format = LogExporter::formatFor(path);
    if (format == LogFormat::ChromeTrace)
        return std::nullopt;
    return format;
}

QString LogImporter::supportedExtensions()
{
    return QCoreApplication::translate("LogImporter", ".jsonl or .csv");
}

std::shared_ptr<EventLog> LogImporter::load(const QString &path, QString *error, qint64 maxEvents)
{
    const std::optional<LogFormat> format = formatFor(path);
    if (!format) {
        *error = QCoreApplication::translate("LogImporter", "%1: cannot read this format; a log to open ends in %2")
                     .arg(path, supportedExtensions());
        return nullptr;
    }
    if (const QString problem = RegularFile::problemWithInput(path); !problem.isEmpty()) {
        *error = problem;
        return nullptr;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QCoreApplication::translate("LogImporter", "%1: cannot open: %2").arg(path, file.errorString());
        return nullptr;
    }
    return read(file, *format, path, error, maxEvents);
}

std::shared_ptr<EventLog> LogImporter::read(
    QIODevice &device, LogFormat format, const QString &name, QString *error, qint64 maxEvents)
{
    LineSource lines(device);
    std::shared_ptr<EventLog> log = readLines(lines, format, name, error, maxEvents);
    if (!log)
        *error = onOneLine(*error);
    return log;
}

} // namespace SupervisorLab
