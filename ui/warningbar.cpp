#include "warningbar.h"

#include "statecolors.h"

#include "events/eventlog.h"

#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

QString titleOf(TeachingWarning::Kind kind)
{
    switch (kind) {
    case TeachingWarning::Kind::RestartStorm:
        return u"Restart storm"_s;
    case TeachingWarning::Kind::IntensityNearLimit:
        return u"Restart intensity"_s;
    case TeachingWarning::Kind::Flapping:
        return u"Flapping"_s;
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
            flapping << QString::number(warning.worker);
        else
            lines.append({ warning.kind, warning.text });
    }
    if (flapping.size() == 1) {
        const auto single = std::find_if(warnings.begin(), warnings.end(),
            [](const TeachingWarning &warning) { return warning.kind == TeachingWarning::Kind::Flapping; });
        lines.append({ TeachingWarning::Kind::Flapping, single->text });
    } else if (flapping.size() > 1) {
        const qsizetype more = flapping.size() - kWorkersNamed;
        const QString named = more > 0
            ? QString(flapping.mid(0, kWorkersNamed).join(u", "_s) + u" and %1 more"_s.arg(more))
            : QString(flapping.mid(0, flapping.size() - 1).join(u", "_s) + u" and "_s + flapping.last());
        lines.append({ TeachingWarning::Kind::Flapping,
            u"Workers %1 are flapping: each failed at least 3 times in 10 s, within 1 s of starting."_s.arg(named) });
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
        m_lines[i]->setToolTip(u"%1: shown while it holds, at least a second"_s.arg(titleOf(lines[i].first)));
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
