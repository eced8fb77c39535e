#include "pitfallreport.h"

#include "teaching/pitfallcomparison.h"
#include "teaching/pitfalltally.h"

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

QString numbered(Pitfall pitfall)
{
    return u"%1. %2"_s.arg(int(pitfall) + 1).arg(pitfallTitle(pitfall));
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
    for (const Pitfall pitfall : kPitfalls)
        writeFigures(out, numbered(pitfall), article.figure(pitfall, u"/"_s), lab.figure(pitfall, u"/"_s));
    out << '\n';
    writeBrokenRules(out, u"the article's"_s, comparison.article().brokenRules);
    writeBrokenRules(out, u"the lab's"_s, comparison.lab().brokenRules);

    const quint64 firstSeed = comparison.config().seed;
    writeHeading(out, u"Runs showing each pitfall, seeds %1 to %2"_s.arg(firstSeed).arg(firstSeed + tally.runs - 1));
    for (const Pitfall pitfall : kPitfalls)
        writeFigures(
            out, numbered(pitfall), QString::number(tally.article.of(pitfall)), QString::number(tally.lab.of(pitfall)));
    writeFigures(out, u"runs"_s, QString::number(tally.runs), QString::number(tally.runs));
}

} // namespace SupervisorLab
