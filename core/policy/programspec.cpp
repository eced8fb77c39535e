#include "policy/programspec.h"

#include "policy/echoedtext.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

const QString kCommand = u"command"_s;
const QString kEnv = u"env"_s;
const QString kCwd = u"cwd"_s;

// The lab gives each incarnation its own notify socket; a program cannot be told another.
const QString kNotifySocket = u"NOTIFY_SOCKET"_s;

bool hasNul(const QString &text)
{
    return text.contains(QChar(0));
}

} // namespace

bool ProgramSpec::isProgramKey(QStringView key)
{
    return key == kCommand || key == kEnv || key == kCwd;
}

QString ProgramSpec::read(const QString &key, const QJsonValue &value)
{
    if (key == kCommand) {
        if (!value.isArray() || value.toArray().isEmpty())
            return u"command: expects a list of strings, the program first: [\"./server\", \"--port\", \"8080\"]"_s;
        const QJsonArray words = value.toArray();
        if (words.size() > kMaxArguments)
            return u"command: has %1 words, at most %2 are allowed"_s.arg(words.size()).arg(kMaxArguments);
        QStringList parsed;
        for (qsizetype i = 0; i < words.size(); ++i) {
            if (!words.at(i).isString())
                return u"command: word %1 is not a string"_s.arg(i + 1);
            const QString word = words.at(i).toString();
            if (hasNul(word))
                return u"command: word %1 holds a NUL character"_s.arg(i + 1);
            if (word.size() > kMaxArgumentLength)
                return u"command: word %1 is longer than %2 characters"_s.arg(i + 1).arg(kMaxArgumentLength);
            parsed << word;
        }
        if (parsed.first().trimmed().isEmpty())
            return u"command: the program (the first word) is empty"_s;
        command = parsed;
        return {};
    }
    if (key == kEnv) {
        if (!value.isObject())
            return u"env: expects an object of variables: {\"NAME\": \"value\"}"_s;
        const QJsonObject variables = value.toObject();
        if (variables.size() > kMaxVariables)
            return u"env: has %1 variables, at most %2 are allowed"_s.arg(variables.size()).arg(kMaxVariables);
        static const QRegularExpression name(u"^[A-Za-z_][A-Za-z0-9_]{0,127}$"_s);
        QList<std::pair<QString, QString>> parsed;
        for (auto it = variables.begin(); it != variables.end(); ++it) {
            if (!name.match(it.key()).hasMatch())
                return u"env: '%1' is not a variable name (letters, digits and _, not starting with a digit)"_s.arg(
                    echoed(it.key()));
            if (it.key() == kNotifySocket)
                return u"env: NOTIFY_SOCKET is the lab's: it sets it for every program it runs"_s;
            if (!it.value().isString())
                return u"env: %1: expects a string value"_s.arg(it.key());
            const QString text = it.value().toString();
            if (hasNul(text))
                return u"env: %1: the value holds a NUL character"_s.arg(it.key());
            if (text.size() > kMaxValueLength)
                return u"env: %1: the value is longer than %2 characters"_s.arg(it.key()).arg(kMaxValueLength);
            parsed.append({ it.key(), text });
        }
        environment = parsed;
        return {};
    }
    if (key == kCwd) {
        if (!value.isString() || value.toString().isEmpty())
            return u"cwd: expects the path of a directory"_s;
        if (hasNul(value.toString()) || value.toString().size() > kMaxArgumentLength)
            return u"cwd: '%1' is not a usable path"_s.arg(echoed(value.toString()));
        workingDirectory = value.toString();
        return {};
    }
    return u"'%1' is not a program key (command, env, cwd)"_s.arg(echoed(key));
}

void ProgramSpec::writeJson(QJsonObject *object) const
{
    if (!command.isEmpty())
        object->insert(kCommand, QJsonArray::fromStringList(command));
    if (!environment.isEmpty()) {
        QJsonObject variables;
        for (const auto &[name, value] : environment)
            variables.insert(name, value);
        object->insert(kEnv, variables);
    }
    if (!workingDirectory.isEmpty())
        object->insert(kCwd, workingDirectory);
}

QStringList ProgramSpec::splitCommandLine(QStringView line, QString *error)
{
    QStringList words;
    QString word;
    bool inWord = false;
    QChar quote; // ' or ", or null outside quotes
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quote == u'\'') {
            if (c == u'\'')
                quote = QChar();
            else
                word += c;
        } else if (quote == u'"') {
            if (c == u'"') {
                quote = QChar();
            } else if (c == u'\\' && i + 1 < line.size() && QStringView(u"\"\\$`").contains(line[i + 1])) {
                word += line[++i];
            } else {
                word += c;
            }
        } else if (c == u'\'' || c == u'"') {
            quote = c;
            inWord = true;
        } else if (c == u'\\') {
            if (i + 1 < line.size())
                word += line[++i];
            inWord = true;
        } else if (c.isSpace()) {
            if (inWord)
                words << word;
            word.clear();
            inWord = false;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (!quote.isNull()) {
        *error = u"the command line leaves a %1 quote open"_s.arg(quote);
        return {};
    }
    if (inWord)
        words << word;
    if (words.isEmpty())
        *error = u"the command line is empty; give the program to run, with its arguments"_s;
    return words;
}

QString ProgramSpec::commandLine() const
{
    static const QRegularExpression plain(u"^[A-Za-z0-9_@%+=:,./-]+$"_s);
    QStringList words;
    for (const QString &word : command) {
        if (plain.match(word).hasMatch())
            words << word;
        else
            words << u"'"_s + QString(word).replace(u"'"_s, u"'\\''"_s) + u"'"_s;
    }
    return words.join(u' ');
}

} // namespace SupervisorLab
