#include "explorationreport.h"

#include "analysis/explorationfigures.h"
#include "analysis/explorationresult.h"
#include "teaching/durationtext.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

struct Row
{
    QString label;
    QStringList cells; // one per policy
};

QString givesUp(const PolicySummary &summary)
{
    if (summary.gaveUpSeeds == 0)
        return u"never"_s;
    return u"%1 of seeds, after %2 (p50)"_s.arg(
        ExplorationFigures::percent(summary.giveUpProbability), ExplorationFigures::duration(*summary.giveUpP50Us));
}

QString recovery(const PolicySummary &summary)
{
    if (summary.recoveries == 0)
        return u"no recoveries"_s;
    return u"%1 / %2 / %3"_s.arg(ExplorationFigures::duration(*summary.recoveryP50Us),
        ExplorationFigures::duration(*summary.recoveryP95Us), ExplorationFigures::duration(*summary.recoveryP99Us));
}

QString recoveryLag(const PolicySummary &summary)
{
    if (summary.recoveryLags == 0)
        return u"none"_s;
    return u"%1 / %2 / %3"_s.arg(ExplorationFigures::duration(*summary.recoveryLagMeanUs),
        ExplorationFigures::duration(*summary.recoveryLagP50Us),
        ExplorationFigures::duration(*summary.recoveryLagP99Us));
}

QString header(const ExplorationResult &result)
{
    const ExplorationSpec &spec = result.spec;
    const QJsonObject &workload = spec.workload;
    const qint64 workers = workload.value(u"workers"_s).toInteger();
    const qsizetype dependencies = workload.value(u"dependencies"_s).toArray().size();
    const quint64 lastSeed = spec.seedAt(spec.seeds - 1);
    // Counts said in the sentences below (marked here, where lupdate finds them, and translated with their number).
    static constexpr const char *kWorkers = QT_TRANSLATE_N_NOOP("ExplorationReport", "%n worker(s)");
    static constexpr const char *kSeeds = QT_TRANSLATE_N_NOOP("ExplorationReport", "%n seed(s)");
    static constexpr const char *kRuns = QT_TRANSLATE_N_NOOP("ExplorationReport", "%1; %n runs in %2 on %3.");
    static constexpr const char *kThreads = QT_TRANSLATE_N_NOOP("ExplorationReport", "%n thread(s)");
    static constexpr const char *kDependencies
        = QT_TRANSLATE_N_NOOP("ExplorationReport", "The workload has %n shared dependency(ies) (see its spec).");
    const auto count = [](const char *text, qint64 n) {
        return QCoreApplication::translate("ExplorationReport", text, nullptr, int(n));
    };
    //: %1 is "N worker(s)", %2 the failure rate (0..1), %3 the failure mode as written in files ("mixed"), %4 and
    //: %5 the shortest and longest work time in ms, %6 the horizon ("2 min"), %7 "N seed(s)", %8 and %9 the first
    //: and last seed.
    const QString workloadText
        = QCoreApplication::translate(
            "ExplorationReport", "Exploration: %1, failure rate %2 (%3), work %4–%5 ms; horizon %6; %7 (%8–%9)")
              .arg(count(kWorkers, workers), readingLocale().toString(workload.value(u"failure_rate"_s).toDouble()),
                  workload.value(u"failure_mode"_s).toString(),
                  QString::number(workload.value(u"work_min"_s).toInteger()),
                  QString::number(workload.value(u"work_max"_s).toInteger()),
                  ExplorationFigures::duration(spec.horizonUs()), count(kSeeds, spec.seeds),
                  QString::number(spec.firstSeed), QString::number(lastSeed));
    return count(kRuns, spec.runCount())
               .arg(
                   workloadText, ExplorationFigures::duration(result.elapsedMs * 1000), count(kThreads, result.threads))
        + (dependencies > 0 ? u' ' + count(kDependencies, dependencies) : QString());
}

} // namespace

void ExplorationReport::write(QTextStream &out, const ExplorationResult &result)
{
    const ExplorationSpec &spec = result.spec;
    out << header(result) << "\n\n";

    QList<Row> rows { { u"availability"_s, {} }, { u"restarts"_s, {} }, { u"gives up"_s, {} },
        { u"recovery p50/p95/p99"_s, {} }, { u"longest outage"_s, {} } };
    for (const ExplorationResult::Policy &policy : result.policies) {
        const PolicySummary &s = policy.summary;
        rows[0].cells << u"%1 (p5 %2)"_s.arg(
            ExplorationFigures::percent(s.availabilityMean), ExplorationFigures::percent(s.availabilityP5));
        rows[1].cells << ExplorationFigures::perHour(s.restartsPerHourMean);
        rows[2].cells << givesUp(s);
        rows[3].cells << recovery(s);
        rows[4].cells << u"%1 (p95), %2 at most"_s.arg(
            ExplorationFigures::duration(s.longestOutageP95Us), ExplorationFigures::duration(s.longestOutageMaxUs));
    }
    if (!spec.workload.value(u"dependencies"_s).toArray().isEmpty()) {
        // The world's figures, for a workload with dependencies.
        Row whileDown { u"attempts while down"_s, {} };
        Row refused { u"refused attempts"_s, {} };
        Row lag { u"recovery lag mean/p50/p99"_s, {} };
        for (const ExplorationResult::Policy &policy : result.policies) {
            whileDown.cells << u"%1 per run"_s.arg(policy.summary.attemptsWhileDownMean, 0, 'f', 1);
            refused.cells << u"%1 per run"_s.arg(policy.summary.refusedAttemptsMean, 0, 'f', 1);
            lag.cells << recoveryLag(policy.summary);
        }
        rows << whileDown << refused << lag;
    }

    qsizetype labelWidth = 0;
    for (const Row &row : rows)
        labelWidth = std::max(labelWidth, row.label.size());
    labelWidth += 2;
    QList<qsizetype> widths;
    for (qsizetype column = 0; column < result.policies.size(); ++column) {
        qsizetype width = result.policies.at(column).name.size();
        for (const Row &row : rows)
            width = std::max(width, row.cells.at(column).size());
        widths << width + 3;
    }
    const auto writeLine = [&](const QString &label, const QStringList &cells) {
        QString line = label.leftJustified(labelWidth);
        for (qsizetype column = 0; column < cells.size(); ++column)
            line += cells.at(column).leftJustified(widths.at(column));
        while (line.endsWith(u' '))
            line.chop(1);
        out << line << '\n';
    };
    QStringList names;
    for (const ExplorationResult::Policy &policy : result.policies)
        names << policy.name;
    writeLine({}, names);
    for (const Row &row : rows)
        writeLine(row.label, row.cells);
}

} // namespace SupervisorLab
