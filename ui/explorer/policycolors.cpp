#include "explorer/policycolors.h"

#include "statecolors.h"

#include <QPainter>
#include <QPixmap>

#include <iterator>

namespace SupervisorLab {

QColor PolicyColors::color(int policy, const QPalette &palette)
{
    // Okabe and Ito's colour-blind safe blue, orange, bluish green and reddish purple.
    static constexpr QRgb kOnLight[] { 0x0072b2, 0xd55e00, 0x009e73, 0xaa4499 };
    static constexpr QRgb kOnDark[] { 0x56b4e9, 0xe69f00, 0x3fd0a0, 0xcc79a7 };
    constexpr int count = int(std::size(kOnLight));
    const int index = ((policy % count) + count) % count;
    return QColor::fromRgb(StateColors::isDark(palette) ? kOnDark[index] : kOnLight[index]);
}

QColor PolicyColors::tint(int policy, const QPalette &palette)
{
    QColor wash = color(policy, palette);
    wash.setAlphaF(StateColors::isDark(palette) ? 0.35f : 0.18f);
    return wash;
}

QIcon PolicyColors::swatch(int policy, const QPalette &palette)
{
    QPixmap square(12, 12);
    square.fill(Qt::transparent);
    QPainter painter(&square);
    painter.fillRect(square.rect().adjusted(1, 1, -1, -1), color(policy, palette));
    painter.end();
    return QIcon(square);
}

} // namespace SupervisorLab
