#include "pitfallreport.h"

#include "teaching/durationtext.h"
#include "teaching/pitfallcomparison.h"
#include "teaching/pitfalltally.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

constexpr qsizetype kLabelWidth = 40;
constexpr qsizetype kFigureWidth = 9;

// A time in the transcript's column, in the reader's locale: "   0.911s".
QString seconds(qint64 tUs)
{
    //: A time in seconds in the transcript's time column, right-aligned: %1 is the number ("0.911")
    return QCoreApplication::translate("PitfallReport", "%1s")
        .arg(readingLocale().toString(double(tUs) / 1e6, 'f', 3), 8);
}

void writeTranscripts(QTextStream &out, const QList<TranscriptRow> &rows)
{
    //: The heading of the transcript's second column
    const QString articleHeading = QCoreApplication::translate("PitfallReport", "the article's supervisor");
    qsizetype width = articleHeading.size();
    for (const TranscriptRow &row : rows)
        width = std::max(width, row.article.size());
    width += 2;
    //: The heading of the transcript's first column
    out << QCoreApplication::translate("PitfallReport", "time").rightJustified(9) << u"    "_s
        << articleHeading.leftJustified(width)
        //: The heading of the transcript's third column
        << QCoreApplication::translate("PitfallReport", "the lab's supervisor") << '\n';
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
    //: The heading of a column of figures: the article's supervisor's
    out << u"\n"_s << heading.leftJustified(kLabelWidth + 2)
        << QCoreApplication::translate("PitfallReport", "article").rightJustified(kFigureWidth)
        //: The heading of a column of figures: the lab's supervisor's
        << QCoreApplication::translate("PitfallReport", "lab").rightJustified(kFigureWidth) << '\n';
}

QString numbered(Pitfall pitfall)
{
    //: A pitfall in a list: %1 is its number, %2 its title ("restarts reported / made")
    return QCoreApplication::translate("PitfallReport", "%1. %2")
        .arg(QString::number(int(pitfall) + 1), pitfallTitle(pitfall));
}

// `holds` says every rule holds; `heading` comes before the rules broken, one a line.
void writeBrokenRules(QTextStream &out, const QString &holds, const QString &heading, const QStringList &broken)
{
    if (broken.isEmpty()) {
        out << holds << '\n';
        return;
    }
    out << heading << '\n';
    for (const QString &rule : broken)
        out << u"  "_s << rule << '\n';
}

} // namespace

void PitfallReport::write(QTextStream &out, const PitfallComparison &comparison, const PitfallTally &tally)
{
    const PitfallMeasures &article = comparison.article().measures;
    const PitfallMeasures &lab = comparison.lab().measures;
    //: %1 is the seed; ≠ marks the rows where the two transcripts part
    out << tr("The article's supervisor and the lab's, seed %1: the same worker fates until they part (≠).")
               .arg(comparison.config().seed)
        << u"\n\n"_s;
    writeTranscripts(out, comparison.sideBySide());

    writeHeading(out, tr("The four pitfalls in this run"));
    for (const Pitfall pitfall : kPitfalls)
        writeFigures(out, numbered(pitfall), article.figure(pitfall, u"/"_s), lab.figure(pitfall, u"/"_s));
    out << '\n';
    writeBrokenRules(out, tr("The lab's log checker on the article's log: every rule holds."),
        //: Followed by the rules the article's supervisor broke, one a line
        tr("The lab's log checker on the article's log:"), comparison.article().brokenRules);
    writeBrokenRules(out, tr("The lab's log checker on the lab's log: every rule holds."),
        //: Followed by the rules the lab's supervisor broke, one a line
        tr("The lab's log checker on the lab's log:"), comparison.lab().brokenRules);

    const quint64 firstSeed = comparison.config().seed;
    //: %1 and %2 are the first and the last seed
    writeHeading(out,
        tr("Runs showing each pitfall, seeds %1 to %2")
            .arg(QString::number(firstSeed), QString::number(firstSeed + tally.runs - 1)));
    for (const Pitfall pitfall : kPitfalls)
        writeFigures(
            out, numbered(pitfall), QString::number(tally.article.of(pitfall)), QString::number(tally.lab.of(pitfall)));
    //: The row of figures that says how many runs were counted
    writeFigures(out, tr("runs"), QString::number(tally.runs), QString::number(tally.runs));
}

} // namespace SupervisorLab
