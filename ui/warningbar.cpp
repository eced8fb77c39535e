#include "warningbar.h"

#include "events/readinglocale.h"

#include "statecolors.h"

#include "events/eventlog.h"

#include <QCoreApplication>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {
QString titleOf(TeachingWarning::Kind kind)
{
    switch (kind) {
    case TeachingWarning::Kind::RestartStorm:
        return QCoreApplication::translate("WarningBar", "Restart storm");
    case TeachingWarning::Kind::IntensityNearLimit:
        return QCoreApplication::translate("WarningBar", "Restart intensity");
    case TeachingWarning::Kind::Flapping:
        return QCoreApplication::translate("WarningBar", "Flapping");
    }
    return {};
}

constexpr int kWorkersNamed = 4;

// One line per warning, but one line for all flapping workers, so that a whole pool in trouble stays readable.
QList<std::pair<TeachingWarning::Kind, QString>> linesOf(const QList<TeachingWarning> &warnings)
{
    QList<std::pair<TeachingWarning::Kind, QString>> lines;
    QStringList flapping;
    for (const TeachingWarning &warning : warnings) {
        if (warning.kind == TeachingWarning::Kind::Flapping)
            flapping << readingLocale().toString(warning.worker);
        else
            lines.append({ warning.kind, warning.text });
    }
    if (flapping.size() == 1) {
        const auto single = std::find_if(warnings.begin(), warnings.end(),
            [](const TeachingWarning &warning) { return warning.kind == TeachingWarning::Kind::Flapping; });
        lines.append({ TeachingWarning::Kind::Flapping, single->text });
    } else if (flapping.size() > 1) {
        const qsizetype more = flapping.size() - kWorkersNamed;
        //: Between the items of a list of worker numbers: "2, 3 and 4"
        const QString separator = QCoreApplication::translate("WarningBar", ", ");
        const QString named = more > 0
            //: %1 is a list of worker numbers ("2, 3, 4, 5"), %n how many more workers are flapping
            ? QCoreApplication::translate("WarningBar", "%1 and %n more", nullptr, int(more))
                  .arg(flapping.mid(0, kWorkersNamed).join(separator))
            //: The last two items of a list of worker numbers: %1 is "2, 3", %2 is "4"
            : QCoreApplication::translate("WarningBar", "%1 and %2")
                  .arg(flapping.mid(0, flapping.size() - 1).join(separator), flapping.last());
        //: %1 is a list of two or more worker numbers ("2, 3 and 4")
        lines.append({ TeachingWarning::Kind::Flapping,
            QCoreApplication::translate(
                "WarningBar", "Workers %1 are flapping: each failed at least 3 times in 10 s, within 1 s of starting.")
                .arg(named) });
    }
    return lines;
}

} // namespace

WarningBar::WarningBar(QWidget *parent)
    : QWidget(parent)
    , m_layout(new QVBoxLayout(this))
{
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(2);
    setAccessibleName(tr("Teaching warnings"));
    setAccessibleDescription(tr("The warnings that hold right now, such as a restart storm or flapping workers"));
    hide();
}

void WarningBar::setLog(const std::shared_ptr<const EventLog> &log)
{
    m_log = log;
    m_warnings = TeachingWarnings();
    m_next = 0;
    m_shownRevision = m_warnings.revision();
    setWarnings({});
}

void WarningBar::takeIn(qsizetype end)
{
    if (!m_log)
        return;
    for (; m_next < end; ++m_next)
        m_warnings.observe(m_log->withoutReasonAt(m_next)); // warnings need no reasons
}

void WarningBar::refresh(qint64 nowUs)
{
    if (!m_log || m_next == 0)
        return;
    m_warnings.advanceTo(nowUs);
    if (m_warnings.revision() != m_shownRevision) {
        m_shownRevision = m_warnings.revision();
        setWarnings(m_warnings.active());
    }
}

void WarningBar::setWarnings(const QList<TeachingWarning> &warnings)
{
    const auto lines = linesOf(warnings);
    while (m_lines.size() > lines.size())
        delete m_lines.takeLast();
    const bool dark = StateColors::isDark(palette());
    const QString style = dark
        ? u"background: #5a4300; color: #ffe7a3; border-left: 4px solid #ffb300; padding: 3px 6px;"_s
        : u"background: #fff4d6; color: #4a3500; border-left: 4px solid #e69b00; padding: 3px 6px;"_s;
    while (m_lines.size() < lines.size()) {
        auto *line = new QLabel(this);
        line->setObjectName(u"teachingWarning"_s);
        line->setWordWrap(true);
        line->setStyleSheet(style);
        m_layout->addWidget(line);
        m_lines.append(line);
    }
    for (qsizetype i = 0; i < lines.size(); ++i) {
        m_lines[i]->setText(lines[i].second);
        //: %1 is the warning's kind: Restart storm, Restart intensity or Flapping
        m_lines[i]->setToolTip(tr("%1: shown while it holds, at least a second").arg(titleOf(lines[i].first)));
        m_lines[i]->setAccessibleName(titleOf(lines[i].first));
        m_lines[i]->setAccessibleDescription(lines[i].second);
    }
    setVisible(!lines.isEmpty());
}

QStringList WarningBar::texts() const
{
    QStringList texts;
    for (const QLabel *line : m_lines)
        texts << line->text();
    return texts;
}

} // namespace SupervisorLab
