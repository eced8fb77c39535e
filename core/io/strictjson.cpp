#include "io/strictjson.h"

#include "policy/echoedtext.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QSet>
#include <QVarLengthArray>

#include <algorithm>
#include <list>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

constexpr QByteArrayView kByteOrderMark = "\xEF\xBB\xBF";

// The UTF-8 of a key as JSON means it, its quotes taken off; escapes (\u0061 is "a") are JSON's to undo, and the
// rare key that has them is decoded into `decoded`, which keeps it alive.
QByteArrayView keyText(QByteArrayView literal, std::list<QByteArray> &decoded)
{
    const QByteArrayView inside = literal.sliced(1, literal.size() - 2);
    if (!inside.contains('\\'))
        return inside;
    const QJsonDocument wrapped = QJsonDocument::fromJson(QByteArray("[" + literal.toByteArray() + "]"));
    decoded.push_back(wrapped.array().at(0).toString().toUtf8());
    return decoded.back();
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

QString StrictJson::repeatedKey(QByteArrayView json)
{
    // The keys of each object open around the current position; an open array has none. A log's line has one or
    // two objects of a few keys: they are compared in place, without a copy or an allocation, and only an object
    // of many keys gets a hash set.
    struct Open
    {
        bool isObject = true;
        QVarLengthArray<QByteArrayView, 16> keys;
        QSet<QByteArrayView> manyKeys;

        bool insert(QByteArrayView key) // false if the key is there already
        {
            if (manyKeys.isEmpty()) {
                if (std::find(keys.cbegin(), keys.cend(), key) != keys.cend())
                    return false;
                if (keys.size() < keys.capacity()) {
                    keys.append(key);
                    return true;
                }
                manyKeys = QSet<QByteArrayView>(keys.cbegin(), keys.cend());
            }
            if (manyKeys.contains(key))
                return false;
            manyKeys.insert(key);
            return true;
        }
    };
    QVarLengthArray<Open, 4> open;
    std::list<QByteArray> decoded;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '{' || c == '[') {
            open.append(Open { c == '{', {}, {} });
        } else if ((c == '}' || c == ']') && !open.isEmpty()) {
            open.removeLast();
        } else if (c == '"') {
            qsizetype end = i + 1;
            while (end < json.size() && json[end] != '"')
                end += json[end] == '\\' ? 2 : 1;
            const QByteArrayView literal = json.sliced(i, std::min(end + 1, json.size()) - i);
            i = end;
            qsizetype next = end + 1;
            while (next < json.size() && isSpace(json[next]))
                ++next;
            const bool isKey = next < json.size() && json[next] == ':';
            if (isKey && !open.isEmpty() && open.last().isObject) {
                const QByteArrayView key = keyText(literal, decoded);
                if (!open.last().insert(key))
                    return QString::fromUtf8(key);
            }
        }
    }
    return {};
}

std::optional<QJsonDocument> StrictJson::parse(QByteArrayView json, Position position, QString *problem)
{
    if (json.startsWith(kByteOrderMark))
        json = json.sliced(kByteOrderMark.size());
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *problem = position == Position::Column
            ? QCoreApplication::translate("StrictJson", "not JSON: %1 at column %2")
                  .arg(parseError.errorString())
                  .arg(parseError.offset + 1)
            : QCoreApplication::translate("StrictJson", "not valid JSON at byte %1: %2")
                  .arg(parseError.offset)
                  .arg(parseError.errorString());
        return std::nullopt;
    }
    if (const QString key = repeatedKey(json); !key.isNull()) {
        *problem
            = QCoreApplication::translate("StrictJson", "the key '%1' appears twice in one object").arg(echoed(key));
        return std::nullopt;
    }
    return document;
}

} // namespace SupervisorLab
