#include "exportfilename.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace SupervisorLab {

namespace {

// Lower case, each run of other characters one '-', none at either end: "Replay of run.jsonl" → "replay-of-run-jsonl".
QString safeName(const QString &name)
{
    QString safe;
    for (const QChar c : name.toLower()) {
        const bool kept = (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'_' || c == u'.';
        if (kept)
            safe += c;
        else if (!safe.endsWith(u'-'))
            safe += u'-';
    }
    while (safe.startsWith(u'-') || safe.startsWith(u'.'))
        safe.remove(0, 1);
    while (safe.endsWith(u'-') || safe.endsWith(u'.'))
        safe.chop(1);
    return safe.left(80);
}

} // namespace

QString ExportFileName::ofRun(const QString &scenarioName, quint64 seed)
{
    const QString scenario = safeName(scenarioName);
    return (scenario.isEmpty() ? u"supervisor-lab"_s : scenario) + u"-seed-"_s + QString::number(seed);
}

QString ExportFileName::ofReplay(const QString &recordingName)
{
    const QString name = safeName(QFileInfo(recordingName).completeBaseName());
    return name.isEmpty() ? u"supervisor-lab"_s : name;
}

} // namespace SupervisorLab
