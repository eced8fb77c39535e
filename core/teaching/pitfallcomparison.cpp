#include "teaching/pitfallcomparison.h"

#include "analysis/loginvariants.h"
#include "runtime/virtualruntime.h"
#include "teaching/articlesupervisor.h"
#include "teaching/narrator.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace SupervisorLab {
namespace {

PitfallSide measured(std::shared_ptr<EventLog> log, QList<TranscriptLine> transcript)
{
    PitfallSide side { std::move(log), std::move(transcript), {}, {} };
    side.measures = PitfallMeasures::of(*side.log, side.transcript);
    side.brokenRules = LogInvariants::check(*side.log);
    return side;
}

// Aligns the lines two supervisors printed at one instant: the longest common subsequence shares rows, and a
// line each said differently at the same place shares one row too.
void alignInstant(qint64 tUs, const QStringList &a, const QStringList &b, QList<TranscriptRow> &rows)
{
    const qsizetype n = a.size();
    const qsizetype m = b.size();
    std::vector<std::vector<int>> common(size_t(n + 1), std::vector<int>(size_t(m + 1), 0));
    for (qsizetype i = n - 1; i >= 0; --i) {
        for (qsizetype j = m - 1; j >= 0; --j) {
            common[size_t(i)][size_t(j)] = a[i] == b[j]
                ? common[size_t(i + 1)][size_t(j + 1)] + 1
                : std::max(common[size_t(i + 1)][size_t(j)], common[size_t(i)][size_t(j + 1)]);
        }
    }
    const qsizetype first = rows.size();
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[i] == b[j]) {
            rows.append(TranscriptRow { tUs, a[i++], b[j++] });
        } else if (i < n && (j == m || common[size_t(i + 1)][size_t(j)] >= common[size_t(i)][size_t(j + 1)])) {
            rows.append(TranscriptRow { tUs, a[i++], {} });
        } else if (rows.size() > first && rows.back().lab.isEmpty()) {
            rows.back().lab = b[j++];
        } else {
            rows.append(TranscriptRow { tUs, {}, b[j++] });
        }
    }
}

QStringList linesAt(const QList<TranscriptLine> &transcript, qsizetype &next, qint64 tUs)
{
    QStringList lines;
    while (next < transcript.size() && transcript[next].tUs == tUs)
        lines << transcript[next++].text;
    return lines;
}

} // namespace

QList<TranscriptRow> PitfallComparison::sideBySide() const
{
    constexpr qint64 kNone = std::numeric_limits<qint64>::max();
    const QList<TranscriptLine> &article = m_article.transcript;
    const QList<TranscriptLine> &lab = m_lab.transcript;
    QList<TranscriptRow> rows;
    qsizetype a = 0;
    qsizetype b = 0;
    while (a < article.size() || b < lab.size()) {
        const qint64 tUs = std::min(a < article.size() ? article[a].tUs : kNone, b < lab.size() ? lab[b].tUs : kNone);
        const QStringList articleLines = linesAt(article, a, tUs);
        alignInstant(tUs, articleLines, linesAt(lab, b, tUs), rows);
    }
    return rows;
}

SupervisorConfig PitfallComparison::comparable(SupervisorConfig config)
{
    config.workers = 1;
    config.failureMode = FailureMode::Error;
    config.virtualTime = true;
    return config;
}

PitfallComparison PitfallComparison::run(const SupervisorConfig &config)
{
    PitfallComparison comparison;
    comparison.m_config = comparable(config);

    ArticleSupervisor article(comparison.m_config);
    article.run();
    comparison.m_article = measured(article.log(), article.transcript());

    VirtualRuntime lab(comparison.m_config);
    lab.run();
    Narrator narrator;
    QList<TranscriptLine> said;
    const EventLog &labLog = *lab.log();
    for (qsizetype i = 0; i < labLog.size(); ++i) {
        const LifecycleEvent event = labLog.at(i);
        said.append(TranscriptLine { event.tUs, i, narrator.narrate(event) });
    }
    comparison.m_lab = measured(lab.log(), std::move(said));
    return comparison;
}

} // namespace SupervisorLab
