#pragma once

#include "policy/programspec.h"

#include <QCoreApplication>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace SupervisorLab {

struct SupervisorConfig;

// Which real programs the person at the window has allowed to run, this session. A program is what would run: its
// command, its working directory and its environment; the same command started elsewhere or with other variables is
// another program, asked about again. Nothing is remembered across sessions: a restored config is asked about anew.
class ProgramConsent
{
    Q_DECLARE_TR_FUNCTIONS(ProgramConsent)

public:
    // One program of a run and the workers that run it.
    struct Program
    {
        Q_DECLARE_TR_FUNCTIONS(ProgramConsent)

    public:
        ProgramSpec spec;
        QStringList workers; // their names, in the run's order

        // "web: ./server --port 8080", and "conn-1 … conn-4 (4 workers): …" for several; then, indented on lines of
        // their own, its directory and its variables when it has any.
        QString text() const;
    };

    // The distinct programs `config` runs, in the order of the first worker that runs each; none for a simulated run.
    static QList<Program> programsOf(const SupervisorConfig &config);

    // Allows every program `config` runs; with `command`, only those whose command is that one (the command line's
    // --command, which is consent to that command alone, not to the other programs of a scenario).
    void allow(const SupervisorConfig &config, const QStringList &command = {});
    bool isAllowed(const ProgramSpec &spec) const { return m_allowed.contains(keyOf(spec)); }
    // The programs of `config` not allowed yet; empty when it may run as it is.
    QList<Program> notAllowed(const SupervisorConfig &config) const;

private:
    static QString keyOf(const ProgramSpec &spec);

    QSet<QString> m_allowed;
};

} // namespace SupervisorLab
