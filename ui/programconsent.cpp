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
    else if (workers.size() > 2)
        who += u" … %1 (%2 workers)"_s.arg(workers.constLast()).arg(workers.size());
    QString text = who + u": "_s + spec.commandLine();
    if (!spec.workingDirectory.isEmpty())
        text += u"\n    in "_s + spec.workingDirectory;
    for (const auto &[name, value] : spec.environment)
        text += u"\n    with "_s + name + u'=' + value;
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
        const QString name = config.isTree() ? config.workerName(worker) : u"Worker %1"_s.arg(worker);
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
