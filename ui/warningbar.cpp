#include "warningbar.h"

#include "statecolors.h"

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

} // namespace

WarningBar::WarningBar(QWidget *parent)
    : QWidget(parent)
    , m_layout(new QVBoxLayout(this))
{
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(2);
    hide();
}

void WarningBar::setWarnings(const QList<TeachingWarning> &warnings)
{
    while (m_lines.size() > warnings.size())
        delete m_lines.takeLast();
    const bool dark = StateColors::isDark(palette());
    const QString style = dark
        ? u"background: #5a4300; color: #ffe7a3; border-left: 4px solid #ffb300; padding: 3px 6px;"_s
        : u"background: #fff4d6; color: #4a3500; border-left: 4px solid #e69b00; padding: 3px 6px;"_s;
    while (m_lines.size() < warnings.size()) {
        auto *line = new QLabel(this);
        line->setObjectName(u"teachingWarning"_s);
        line->setWordWrap(true);
        line->setStyleSheet(style);
        m_layout->addWidget(line);
        m_lines.append(line);
    }
    for (qsizetype i = 0; i < warnings.size(); ++i) {
        m_lines[i]->setText(warnings[i].text);
        m_lines[i]->setToolTip(u"%1: shown while it holds, at least a second"_s.arg(titleOf(warnings[i].kind)));
    }
    setVisible(!warnings.isEmpty());
}

QStringList WarningBar::texts() const
{
    QStringList texts;
    for (const QLabel *line : m_lines)
        texts << line->text();
    return texts;
}

} // namespace SupervisorLab
