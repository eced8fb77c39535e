#pragma once

#include <QJsonObject>
#include <QString>

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

    // Parses a scenario file; `origin` names the file in errors.
    static std::optional<Scenario> fromJson(const QByteArray &json, const QString &origin, QString *error);
};

} // namespace SupervisorLab
