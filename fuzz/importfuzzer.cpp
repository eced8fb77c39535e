// libFuzzer target for LogImporter, built once per format (SUPERVISORLAB_FUZZ_FORMAT is JsonLines or Csv).
// Any bytes may be refused; a log the importer accepts must
//  (a) export in its own format to bytes that import again to the same log and export identically,
//  (b) convert to the other format and back without losing or changing an event,
//  (c) be safe for every core consumer of a log: invariants, statistics, narration, explanations, warnings and
//      the Chrome trace, whose output must be JSON.
// A broken property ends the process with qFatal, which libFuzzer reports as a crash.

#include "analysis/loginvariants.h"
#include "analysis/runstatistics.h"
#include "events/eventlog.h"
#include "io/chrometracewriter.h"
#include "io/csvwriter.h"
#include "io/jsonlineswriter.h"
#include "io/logimporter.h"
#include "teaching/explainer.h"
#include "teaching/narrator.h"
#include "teaching/teachingwarnings.h"

#include <QBuffer>
#include <QJsonDocument>

#include <algorithm>
#include <cstddef>
#include <cstdint>

using namespace SupervisorLab;
using namespace Qt::StringLiterals;

namespace {

constexpr LogFormat kFormat = LogFormat::SUPERVISORLAB_FUZZ_FORMAT;
constexpr LogFormat kOtherFormat = kFormat == LogFormat::JsonLines ? LogFormat::Csv : LogFormat::JsonLines;
// The restart-rate chart asks for a few hundred bars over the whole run, whatever its length.
constexpr qint64 kChartBars = 500;
// Long enough after the last event for every teaching warning to end.
constexpr qint64 kAfterRunUs = 10'000'000;

const char *nameOf(LogFormat format)
{
    return format == LogFormat::JsonLines ? "JSON Lines" : "CSV";
}

QByteArray exported(const EventLog &log, LogFormat format)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const bool written = format == LogFormat::JsonLines ? JsonLinesWriter::write(log, log.size(), buffer)
                                                        : CsvWriter::write(log, log.size(), buffer);
    if (!written)
        qFatal("the %s writer failed on a buffer", nameOf(format));
    return buffer.data();
}

std::shared_ptr<EventLog> imported(const QByteArray &bytes, LogFormat format, QString *error)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    return LogImporter::read(buffer, format, u"input"_s, error);
}

// The log in `bytes`, which the lab itself wrote: refusing it is a defect.
std::shared_ptr<EventLog> importedExport(const QByteArray &bytes, LogFormat format, const char *step)
{
    QString error;
    std::shared_ptr<EventLog> log = imported(bytes, format, &error);
    if (!log)
        qFatal("%s: the %s export of an imported log is refused: %s\n--- export ---\n%s", step, nameOf(format),
            qPrintable(error), bytes.constData());
    return log;
}

void requireSameBytes(const QByteArray &expected, const QByteArray &actual, const char *step)
{
    if (expected == actual)
        return;
    const auto mismatch = std::mismatch(expected.cbegin(), expected.cend(), actual.cbegin(), actual.cend());
    const qsizetype at = mismatch.first - expected.cbegin();
    qFatal("%s: the export differs from byte %lld on\n--- expected ---\n%s\n--- actual ---\n%s", step,
        static_cast<long long>(at), expected.mid(at, 200).constData(), actual.mid(at, 200).constData());
}

void requireSameLog(const EventLog &expected, const EventLog &actual, const char *step)
{
    if (expected.size() != actual.size())
        qFatal("%s: %lld events became %lld", step, static_cast<long long>(expected.size()),
            static_cast<long long>(actual.size()));
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const LifecycleEvent before = expected.at(i);
        const LifecycleEvent after = actual.at(i);
        if (before != after)
            qFatal("%s: event %lld changed from\n%s to\n%s", step, static_cast<long long>(i),
                JsonLinesWriter::line(before).constData(), JsonLinesWriter::line(after).constData());
    }
    if (expected.header() != actual.header())
        qFatal("%s: the run header changed", step);
}

// (a) and (b): what the importer accepted survives export in either format.
void checkRoundTrips(const EventLog &log)
{
    const QByteArray own = exported(log, kFormat);
    const std::shared_ptr<EventLog> again = importedExport(own, kFormat, "round trip");
    requireSameLog(log, *again, "round trip");
    requireSameBytes(own, exported(*again, kFormat), "round trip");

    const QByteArray other = exported(log, kOtherFormat);
    const std::shared_ptr<EventLog> converted = importedExport(other, kOtherFormat, "conversion");
    requireSameLog(log, *converted, "conversion");
    requireSameBytes(own, exported(*converted, kFormat), "conversion back");
}

void checkStatistics(const EventLog &log)
{
    RunStatistics statistics;
    statistics.update(log);
    const qint64 lastUs = log.lastTimeUs();
    for (const qint64 nowUs : { qint64(0), lastUs, lastUs + kAfterRunUs }) {
        statistics.total(nowUs);
        for (int worker = 0; worker < statistics.workerCount(); ++worker) {
            statistics.worker(worker, nowUs);
            statistics.circuit(worker);
        }
        statistics.restartRateNow(nowUs);
        statistics.restartsBetween(0, nowUs);
    }
    statistics.openCircuits();
    const qint64 barUs = RunStatistics::bucketWidthUs(std::max(RunStatistics::kBucketUs, lastUs / kChartBars));
    const QList<double> rates = statistics.restartRate(barUs, lastUs);
    if (rates.size() > kChartBars + 1)
        qFatal("restartRate gave %lld bars for %lld requested", static_cast<long long>(rates.size()),
            static_cast<long long>(kChartBars));
}

void checkTrace(const EventLog &log)
{
    QBuffer trace;
    trace.open(QIODevice::WriteOnly);
    if (!ChromeTraceWriter::write(log, log.size(), trace))
        qFatal("the Chrome trace writer failed on a buffer");
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(trace.data(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qFatal("the Chrome trace is not a JSON object: %s at %d", qPrintable(error.errorString()), error.offset);
}

// (c): every consumer the window and the command line put an imported log through.
void checkConsumers(const EventLog &log)
{
    [[maybe_unused]] const QStringList broken = LogInvariants::check(log);
    checkStatistics(log);

    Narrator narrator;
    Explainer explainer;
    TeachingWarnings warnings;
    for (qsizetype i = 0; i < log.size(); ++i) {
        const LifecycleEvent event = log.at(i);
        narrator.narrate(event);
        explainer.explain(event);
        warnings.observe(event);
        warnings.active();
    }
    warnings.advanceTo(log.lastTimeUs() + kAfterRunUs);
    warnings.active();

    checkTrace(log);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QString error;
    const std::shared_ptr<EventLog> log
        = imported(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)), kFormat, &error);
    if (!log) {
        if (error.isEmpty() || error.contains(u'\n'))
            qFatal("a refused input needs a one-line error, got '%s'", qPrintable(error));
        return 0;
    }
    checkRoundTrips(*log);
    checkConsumers(*log);
    return 0;
}
