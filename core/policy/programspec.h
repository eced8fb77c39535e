#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

namespace SupervisorLab {

// A real program a worker runs, one process per incarnation: the node keys `command` (the program and its
// arguments, as a list), `env` (variables set on top of the lab's own environment) and `cwd` (where it starts).
// Only what the keys say; whether the program exists is found out when it is started ("cannot start: ...").
struct ProgramSpec
{
    static constexpr qsizetype kMaxArguments = 256;
    static constexpr qsizetype kMaxArgumentLength = 4096;
    static constexpr qsizetype kMaxVariables = 256;
    static constexpr qsizetype kMaxValueLength = 32768;

    QStringList command;
    QList<std::pair<QString, QString>> environment; // sorted by name, as the JSON object is
    QString workingDirectory;

    bool isProgram() const { return !command.isEmpty(); }
    static bool isProgramKey(QStringView key); // "command", "env" or "cwd"
    // Sets one key from its JSON value; returns what is wrong with it (naming the key), changing nothing.
    QString read(const QString &key, const QJsonValue &value);
    // Writes each key that is set.
    void writeJson(QJsonObject *object) const;
    // The command as a person would type it in a shell: words with spaces or quotes in single quotes.
    QString commandLine() const;
    // Splits a command line into words as a POSIX shell does with quotes and backslashes ('...', "...", \x), with
    // no variables, globs or operators; on a line that is empty or leaves a quote open, returns no words and says
    // why in `error`.
    static QStringList splitCommandLine(QStringView line, QString *error);

    friend bool operator==(const ProgramSpec &, const ProgramSpec &) = default;
};

} // namespace SupervisorLab
