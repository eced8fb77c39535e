#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace SupervisorLab {

// A named preset: what it shows, and the parameters it sets (keys as in the log's config object).
struct Scenario
{
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
};

} // namespace SupervisorLab
