#pragma once

#include <QByteArrayView>
#include <QJsonDocument>
#include <QString>

#include <optional>

namespace SupervisorLab {

// Reads JSON the one way every file of the lab is read (logs, scenarios, exploration specs): a leading byte order
// mark is skipped, and a key that appears twice in one object is refused by name, where QJsonDocument would
// silently keep the last.
class StrictJson
{
public:
    // How a syntax error says where it is: by byte in a file, by column in a line of a log.
    enum class Position
    {
        Byte,
        Column,
    };

    // The document `json` holds; std::nullopt with a one-line `*problem` if it is not valid JSON or repeats a key.
    static std::optional<QJsonDocument> parse(QByteArrayView json, Position position, QString *problem);
    // The first key that appears twice in one object of `json` (valid JSON), or a null string if none does.
    static QString repeatedKey(QByteArrayView json);
};

} // namespace SupervisorLab
