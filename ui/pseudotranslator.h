#pragma once

#include <QTranslator>

namespace SupervisorLab {

// A translator into a made-up language: every letter accented ("Şŧȧřŧ"), each text bracketed and 40 % longer
// ("[Şŧȧřŧ ~~]"). Installed, it shows at a glance what escapes translation (plain English) and which layouts
// break when words grow; placeholders (%1, %n), markup and mnemonics pass through unchanged.
class PseudoTranslator : public QTranslator
{
    Q_OBJECT

public:
    using QTranslator::QTranslator;

    QString translate(
        const char *context, const char *sourceText, const char *disambiguation = nullptr, int n = -1) const override;
    bool isEmpty() const override { return false; }

    static QString pseudo(const QString &text);
    // Whether `text` reads as pseudo-translated: it holds an accented letter and no run of three plain ASCII letters.
    static bool looksTranslated(const QString &text);
};

} // namespace SupervisorLab
