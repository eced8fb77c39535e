#include "explorationreport.h"

#include "analysis/explorationfigures.h"
#include "analysis/explorationresult.h"

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
    return u"Exploration: %1 %2, failure rate %3 (%4), work %5–%6 ms; horizon %7; %8 %9 (%10–%11); %12 runs in "
           u"%13 on %14 %15."_s.arg(workers)
               .arg(workers == 1 ? u"worker"_s : u"workers"_s)
               .arg(workload.value(u"failure_rate"_s).toDouble())
               .arg(workload.value(u"failure_mode"_s).toString())
               .arg(workload.value(u"work_min"_s).toInteger())
               .arg(workload.value(u"work_max"_s).toInteger())
               .arg(ExplorationFigures::duration(spec.horizonUs()))
               .arg(spec.seeds)
               .arg(spec.seeds == 1 ? u"seed"_s : u"seeds"_s)
               .arg(spec.firstSeed)
               .arg(lastSeed)
               .arg(spec.runCount())
               .arg(ExplorationFigures::duration(result.elapsedMs * 1000))
               .arg(result.threads)
               .arg(result.threads == 1 ? u"thread"_s : u"threads"_s)
        + (dependencies > 0 ? u" The workload has %1 shared %2 (see its spec)."_s.arg(dependencies)
                                  .arg(dependencies == 1 ? u"dependency"_s : u"dependencies"_s)
                            : QString());
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
