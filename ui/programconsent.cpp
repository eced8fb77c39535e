#include "programconsent.h"

#include "policy/supervisorconfig.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

QString ProgramConsent::Program::text() const
{
    QString who = workers.value(0);
    if (workers.size() == 2)
        who += u", "_s + workers.at(1);
    else if (workers.size() > 2) {
        //: After the first worker's name: %1 is the last one's name, %n how many workers (3 or more) run the program
        who += tr(" … %1 (%n workers)", nullptr, int(workers.size())).arg(workers.constLast());
    }
    QString text = who + u": "_s + spec.commandLine();
    if (!spec.workingDirectory.isEmpty())
        //: %1 is the program's working directory
        text += u"\n    "_s + tr("in %1").arg(spec.workingDirectory);
    for (const auto &[name, value] : spec.environment)
        //: %1 is an environment variable the program runs with, as NAME=value
        text += u"\n    "_s + tr("with %1").arg(name + u'=' + value);
    return text;
}

QList<ProgramConsent::Program> ProgramConsent::programsOf(const SupervisorConfig &config)
{
    QList<Program> programs;
    QList<QString> keys;
    for (int worker = 0; worker < config.workers; ++worker) {
        const ProgramSpec spec = config.programOf(worker);
        if (!spec.isProgram())
            continue;
        const QString name = config.isTree() ? config.workerName(worker) : tr("Worker %1").arg(worker);
        const QString key = keyOf(spec);
        if (const qsizetype known = keys.indexOf(key); known >= 0) {
            programs[known].workers << name;
            continue;
        }
        keys << key;
        programs << Program { spec, { name } };
    }
    return programs;
}

void ProgramConsent::allow(const SupervisorConfig &config, const QStringList &command)
{
    for (const Program &program : programsOf(config)) {
        if (command.isEmpty() || program.spec.command == command)
            m_allowed.insert(keyOf(program.spec));
    }
}

QList<ProgramConsent::Program> ProgramConsent::notAllowed(const SupervisorConfig &config) const
{
    QList<Program> missing = programsOf(config);
    missing.removeIf([this](const Program &program) { return isAllowed(program.spec); });
    return missing;
}

QString ProgramConsent::keyOf(const ProgramSpec &spec)
{
    QJsonObject object;
    spec.writeJson(&object);
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace SupervisorLab
