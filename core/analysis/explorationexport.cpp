#include "analysis/explorationexport.h"

#include "io/atomicfile.h"

#include "analysis/explorationresult.h"
#include "io/csvwriter.h"
#include "io/jsontext.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

QByteArray real(double value)
{
    return QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
}

QJsonValue optionalJson(const std::optional<qint64> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject summaryJson(const PolicySummary &summary)
{
    return {
        { u"seeds"_s, summary.seeds },
        { u"availability_mean"_s, summary.availabilityMean },
        { u"availability_p5"_s, summary.availabilityP5 },
        { u"availability_p50"_s, summary.availabilityP50 },
        { u"availability_p95"_s, summary.availabilityP95 },
        { u"restarts_per_hour_mean"_s, summary.restartsPerHourMean },
        { u"gave_up_seeds"_s, summary.gaveUpSeeds },
        { u"give_up_probability"_s, summary.giveUpProbability },
        { u"give_up_p50_us"_s, optionalJson(summary.giveUpP50Us) },
        { u"give_up_p95_us"_s, optionalJson(summary.giveUpP95Us) },
        { u"recoveries"_s, summary.recoveries },
        { u"recovery_p50_us"_s, optionalJson(summary.recoveryP50Us) },
        { u"recovery_p95_us"_s, optionalJson(summary.recoveryP95Us) },
        { u"recovery_p99_us"_s, optionalJson(summary.recoveryP99Us) },
        { u"attempts_while_down_mean"_s, summary.attemptsWhileDownMean },
        { u"refused_attempts_mean"_s, summary.refusedAttemptsMean },
        { u"recovery_lags"_s, summary.recoveryLags },
        { u"recovery_lag_mean_us"_s, optionalJson(summary.recoveryLagMeanUs) },
        { u"recovery_lag_p50_us"_s, optionalJson(summary.recoveryLagP50Us) },
        { u"recovery_lag_p99_us"_s, optionalJson(summary.recoveryLagP99Us) },
        { u"longest_outage_max_us"_s, summary.longestOutageMaxUs },
        { u"longest_outage_p95_us"_s, summary.longestOutageP95Us },
        { u"escalations_mean"_s, summary.escalationsMean },
        { u"subtree_availability_mean"_s,
            QJsonArray::fromVariantList(
                QVariantList(summary.subtreeAvailabilityMean.begin(), summary.subtreeAvailabilityMean.end())) },
    };
}

QJsonObject outcomeJson(const SeedOutcome &outcome)
{
    QJsonArray recoveries;
    for (const qint64 us : outcome.recoveryTimesUs)
        recoveries.append(us);
    return {
        { u"seed"_s, qint64(outcome.seed) },
        { u"availability"_s, outcome.availability },
        { u"restarts"_s, outcome.restarts },
        { u"restarts_per_hour"_s, outcome.restartsPerHour },
        { u"failures"_s, outcome.failures },
        { u"gave_up"_s, outcome.gaveUp() },
        { u"gave_up_at_us"_s, optionalJson(outcome.gaveUpAtUs) },
        { u"longest_outage_us"_s, outcome.longestOutageUs },
        { u"recovery_times_us"_s, recoveries },
        { u"attempts_while_down"_s, outcome.attemptsWhileDown },
        { u"refused_attempts"_s, outcome.refusedAttempts },
        { u"recovery_lags_us"_s,
            QJsonArray::fromVariantList(QVariantList(outcome.recoveryLagsUs.begin(), outcome.recoveryLagsUs.end())) },
        { u"escalations"_s, outcome.escalations },
        { u"subtree_availability"_s,
            QJsonArray::fromVariantList(
                QVariantList(outcome.subtreeAvailability.begin(), outcome.subtreeAvailability.end())) },
    };
}

} // namespace

std::optional<ExplorationFormat> ExplorationExport::formatFor(const QString &path)
{
    const QString lower = path.toLower();
    if (lower.endsWith(u".csv"))
        return ExplorationFormat::Csv;
    if (lower.endsWith(u".json"))
        return ExplorationFormat::Json;
    return std::nullopt;
}

QString ExplorationExport::supportedExtensions()
{
    //: The file name endings an exploration's results may be saved with
    return tr(".csv or .json");
}

const QByteArray &ExplorationExport::csvHeader()
{
    static const QByteArray text = "policy,seed,availability,restarts,restarts_per_hour,failures,gave_up,gave_up_at_us,"
                                   "longest_outage_us,recoveries,attempts_while_down,refused_attempts,recovery_lags,"
                                   "escalations\n";
    return text;
}

bool ExplorationExport::writeCsv(const ExplorationResult &result, QIODevice &device)
{
    if (device.write(csvHeader()) < 0)
        return false;
    for (const ExplorationResult::Policy &policy : result.policies) {
        const QByteArray name = CsvWriter::quoted(policy.name);
        for (const SeedOutcome &outcome : policy.outcomes) {
            const QByteArray line = name + ',' + QByteArray::number(outcome.seed) + ',' + real(outcome.availability)
                + ',' + QByteArray::number(outcome.restarts) + ',' + real(outcome.restartsPerHour) + ','
                + QByteArray::number(outcome.failures) + ',' + (outcome.gaveUp() ? "true," : "false,")
                + (outcome.gaveUpAtUs ? QByteArray::number(*outcome.gaveUpAtUs) : QByteArray()) + ','
                + QByteArray::number(outcome.longestOutageUs) + ',' + QByteArray::number(outcome.recoveryTimesUs.size())
                + ',' + QByteArray::number(outcome.attemptsWhileDown) + ','
                + QByteArray::number(outcome.refusedAttempts) + ',' + QByteArray::number(outcome.recoveryLagsUs.size())
                + ',' + QByteArray::number(outcome.escalations) + '\n';
            if (device.write(line) < 0)
                return false;
        }
    }
    return true;
}

bool ExplorationExport::writeJson(const ExplorationResult &result, QIODevice &device)
{
    const auto write = [&](const QByteArray &bytes) { return device.write(bytes) == bytes.size(); };
    if (!write("{\n\"spec\": " + compact(result.spec.toJson()) + ",\n\"policies\": ["))
        return false;
    for (qsizetype p = 0; p < result.policies.size(); ++p) {
        const ExplorationResult::Policy &policy = result.policies.at(p);
        QJsonObject config = result.spec.configFor(int(p), result.spec.firstSeed).toJson();
        config.remove(u"seed"_s);
        if (!write((p == 0 ? "\n{" : ",\n{") + QByteArray("\"name\": ") + jsonQuoted(policy.name) + ",\n\"config\": "
                + compact(config) + ",\n\"summary\": " + compact(summaryJson(policy.summary)) + ",\n\"seeds\": ["))
            return false;
        for (qsizetype s = 0; s < policy.outcomes.size(); ++s) {
            if (!write((s == 0 ? "\n" : ",\n") + compact(outcomeJson(policy.outcomes.at(s)))))
                return false;
        }
        if (!write("\n]}"))
            return false;
    }
    return write("\n]\n}\n");
}

bool ExplorationExport::save(const ExplorationResult &result, const QString &path, QString *error)
{
    const auto format = formatFor(path);
    if (!format) {
        //: %1 is the file's path, %2 the endings it may have (".csv or .json")
        *error = tr("%1: unknown format; the name must end in %2").arg(path, supportedExtensions());
        return false;
    }
    return AtomicFile::write(
        path,
        [&](QIODevice &file) {
            return *format == ExplorationFormat::Csv ? writeCsv(result, file) : writeJson(result, file);
        },
        error);
}

} // namespace SupervisorLab
