#pragma once

#include <QPalette>
#include <QString>

namespace SupervisorLab {

// Light or dark, or whatever the desktop uses: the choice in View ▸ Colours, remembered across sessions. Light and
// dark are Fusion's palettes, the same on every desktop; the system's is the palette and style the application
// started with. Every view takes its colours from the palette (StateColors adapts its lightness to it), so a change
// repaints the whole window at once.
class ColorTheme
{
public:
    enum class Choice
    {
        System,
        Light,
        Dark,
    };

    // Remembers the palette and style the application starts with: the system's. Call once, before any choice.
    static void captureSystemLook();
    static void apply(Choice choice);
    static Choice current() { return s_current; }

    static QPalette lightPalette();
    static QPalette darkPalette();
    // For settings: "system", "light", "dark"; an unknown name is the system's.
    static QString nameOf(Choice choice);
    static Choice fromName(const QString &name);
    // WCAG 2 contrast ratio of two colours, 1..21: text wants 4.5 or more.
    static double contrast(const QColor &a, const QColor &b);

private:
    static inline Choice s_current = Choice::System;
};

} // namespace SupervisorLab
