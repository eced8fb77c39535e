#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace SupervisorLab {

struct SupervisorConfig;

// A named preset: what it shows, and the parameters it sets (keys as in the log's config object).
struct Scenario
{
    Q_DECLARE_TR_FUNCTIONS(Scenario)

public:
    QString name;
    QString title;
    QString goal; // one line
    QString description;
    QString watch; // what to look for
    QJsonObject config; // with the tree form's "dependencies" and "tree", as a log's run_started carries them
    // "article": the lesson runs the article's supervisor next to the lab's on this config (the pitfalls lesson).
    QString compareWith;
    // The real programs it runs, one line each ("web: ./server --port 8080"): what a person is asked to allow.
    QStringList programs;

    // Parses a scenario file; `origin` names the file in errors. Its programs start in `programDirectory` unless a
    // `cwd` says otherwise, and a relative `cwd` is taken from there: written into the config, which then holds
    // absolute directories.
    static std::optional<Scenario> fromJson(
        const QByteArray &json, const QString &origin, QString *error, const QString &programDirectory = {});

    // A scenario of `config`: every parameter, and the tree and dependencies when it has them.
    static Scenario of(const SupervisorConfig &config, const QString &name, const QString &title = {});
    // The file form, as ARCHITECTURE.md's "scenario tree form" has it: the texts (empty ones left out), "config" with
    // every parameter, and "dependencies" and "tree" beside it. fromJson() reads it back to the same config.
    QByteArray toJson() const;
    // Writes toJson() to `path`, whole or not at all (AtomicFile): a file there before survives a failed write. The
    // error names the file.
    bool save(const QString &path, QString *error) const;
};

} // namespace SupervisorLab
