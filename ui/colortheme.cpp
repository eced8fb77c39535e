#include "colortheme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

#include <cmath>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

struct SystemLook
{
    QPalette palette;
    QString style;
    bool captured = false;
};

SystemLook &systemLook()
{
    static SystemLook look;
    return look;
}

double relativeLuminance(const QColor &color)
{
    const auto linear = [](double channel) {
        return channel <= 0.04045 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
    };
    const QColor rgb = color.toRgb();
    return 0.2126 * linear(rgb.redF()) + 0.7152 * linear(rgb.greenF()) + 0.0722 * linear(rgb.blueF());
}

} // namespace

void ColorTheme::captureSystemLook()
{
    SystemLook &look = systemLook();
    if (look.captured)
        return;
    look.palette = QApplication::palette();
    look.style = QApplication::style()->name();
    look.captured = true;
}

void ColorTheme::apply(Choice choice)
{
    captureSystemLook();
    if (choice == Choice::System && s_current == Choice::System)
        return; // the look the application started with, untouched
    const SystemLook &look = systemLook();
    if (choice == Choice::System) {
        QApplication::setStyle(QStyleFactory::create(look.style));
        QApplication::setPalette(look.palette);
    } else {
        QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
        QApplication::setPalette(choice == Choice::Dark ? darkPalette() : lightPalette());
    }
    s_current = choice;
}

QPalette ColorTheme::lightPalette()
{
    QStyle *fusion = QStyleFactory::create(u"Fusion"_s);
    QPalette palette = fusion->standardPalette();
    delete fusion;
    return palette;
}

QPalette ColorTheme::darkPalette()
{
    // Breeze Dark's colours: text and its background at a contrast of 12:1, disabled text still 4.5:1 and more.
    const QColor window(0x2a, 0x2e, 0x32);
    const QColor base(0x1b, 0x1e, 0x20);
    const QColor text(0xfc, 0xfc, 0xfc);
    const QColor disabledText(0xa1, 0xa9, 0xb1);
    const QColor button(0x31, 0x36, 0x3b);
    const QColor highlight(0x3d, 0xae, 0xe9);
    QPalette palette;
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, QColor(0x23, 0x26, 0x29));
    palette.setColor(QPalette::ToolTipBase, QColor(0x31, 0x36, 0x3b));
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, disabledText);
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, button);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    palette.setColor(QPalette::Light, QColor(0x40, 0x46, 0x4c));
    palette.setColor(QPalette::Midlight, QColor(0x36, 0x3b, 0x40));
    palette.setColor(QPalette::Mid, QColor(0x5f, 0x66, 0x6d));
    palette.setColor(QPalette::Dark, QColor(0x18, 0x1a, 0x1c));
    palette.setColor(QPalette::Shadow, QColor(0x0f, 0x10, 0x11));
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, QColor(0x0f, 0x10, 0x11));
    palette.setColor(QPalette::Link, QColor(0x1d, 0x99, 0xf3));
    palette.setColor(QPalette::LinkVisited, QColor(0x9b, 0x59, 0xb6));
    for (const QPalette::ColorRole role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText })
        palette.setColor(QPalette::Disabled, role, disabledText);
    palette.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x5f, 0x66, 0x6d));
    return palette;
}

QString ColorTheme::nameOf(Choice choice)
{
    switch (choice) {
    case Choice::Light:
        return u"light"_s;
    case Choice::Dark:
        return u"dark"_s;
    case Choice::System:
        break;
    }
    return u"system"_s;
}

ColorTheme::Choice ColorTheme::fromName(const QString &name)
{
    if (name == u"light")
        return Choice::Light;
    if (name == u"dark")
        return Choice::Dark;
    return Choice::System;
}

double ColorTheme::contrast(const QColor &a, const QColor &b)
{
    const double lighter = std::max(relativeLuminance(a), relativeLuminance(b));
    const double darker = std::min(relativeLuminance(a), relativeLuminance(b));
    return (lighter + 0.05) / (darker + 0.05);
}

} // namespace SupervisorLab
