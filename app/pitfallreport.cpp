#include "pitfallreport.h"

#include "pitfallcomparison.h"
#include "pitfalltally.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

constexpr qsizetype kLabelWidth = 40;
constexpr qsizetype kFigureWidth = 9;

QString seconds(qint64 tUs)
{
    return QString::asprintf("%8.3fs", double(tUs) / 1e6);
}

void writeTranscripts(QTextStream &out, const QList<TranscriptRow> &rows)
{
    const QString articleHeading = u"the article's supervisor"_s;
    qsizetype width = articleHeading.size();
    for (const TranscriptRow &row : rows)
        width = std::max(width, row.article.size());
    width += 2;
    out << u"time"_s.rightJustified(9) << u"    "_s << articleHeading.leftJustified(width)
        << u"the lab's supervisor\n"_s;
    for (const TranscriptRow &row : rows) {
        const QString line
            = seconds(row.tUs) + (row.parted() ? u"  ≠ "_s : u"    "_s) + row.article.leftJustified(width) + row.lab;
        out << QStringView(line).trimmed() << '\n';
    }
}

void writeFigures(QTextStream &out, const QString &label, const QString &article, const QString &lab)
{
    out << u"  "_s << label.leftJustified(kLabelWidth) << article.rightJustified(kFigureWidth)
        << lab.rightJustified(kFigureWidth) << '\n';
}

void writeHeading(QTextStream &out, const QString &heading)
{
    out << u"\n"_s << heading.leftJustified(kLabelWidth + 2) << u"article"_s.rightJustified(kFigureWidth)
        << u"lab"_s.rightJustified(kFigureWidth) << '\n';
}

void writeBrokenRules(QTextStream &out, const QString &whose, const QStringList &broken)
{
    if (broken.isEmpty()) {
        out << u"The lab's log checker on %1 log: every rule holds.\n"_s.arg(whose);
        return;
    }
    out << u"The lab's log checker on %1 log:\n"_s.arg(whose);
    for (const QString &rule : broken)
        out << u"  "_s << rule << '\n';
}

} // namespace

void PitfallReport::write(QTextStream &out, const PitfallComparison &comparison, const PitfallTally &tally)
{
    const PitfallMeasures &article = comparison.article().measures;
    const PitfallMeasures &lab = comparison.lab().measures;
    out << u"The article's supervisor and the lab's, seed %1: the same worker fates until they part (≠).\n\n"_s.arg(
        comparison.config().seed);
    writeTranscripts(out, comparison.sideBySide());

    writeHeading(out, u"The four pitfalls in this run"_s);
    writeFigures(out, u"1. completions called failures"_s, QString::number(article.completionsCalledFailures),
        QString::number(lab.completionsCalledFailures));
    writeFigures(out, u"2. workers that never end (leaked)"_s, QString::number(article.leakedWorkers),
        QString::number(lab.leakedWorkers));
    writeFigures(out, u"3. restarts reported / made"_s,
        u"%1/%2"_s.arg(article.reportedRestarts).arg(article.actualRestarts),
        u"%1/%2"_s.arg(lab.reportedRestarts).arg(lab.actualRestarts));
    writeFigures(out, u"4. workers started after stop"_s, QString::number(article.startsAfterStop),
        QString::number(lab.startsAfterStop));
    out << '\n';
    writeBrokenRules(out, u"the article's"_s, comparison.article().brokenRules);
    writeBrokenRules(out, u"the lab's"_s, comparison.lab().brokenRules);

    const quint64 firstSeed = comparison.config().seed;
    writeHeading(out, u"Runs showing each pitfall, seeds %1 to %2"_s.arg(firstSeed).arg(firstSeed + tally.runs - 1));
    const auto row = [&](const QString &label, int PitfallTally::Counts::*count) {
        writeFigures(out, label, QString::number(tally.article.*count), QString::number(tally.lab.*count));
    };
    row(u"1. a completion called a failure"_s, &PitfallTally::Counts::completionsCalledFailures);
    row(u"2. a worker that never ends"_s, &PitfallTally::Counts::leakedWorkers);
    row(u"3. restarts miscounted"_s, &PitfallTally::Counts::miscounted);
    row(u"4. a worker started after stop"_s, &PitfallTally::Counts::startsAfterStop);
    writeFigures(out, u"runs"_s, QString::number(tally.runs), QString::number(tally.runs));
}

} // namespace SupervisorLab
