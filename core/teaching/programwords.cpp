#include "teaching/programwords.h"

#include "policy/echoedtext.h"
#include "teaching/durationtext.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace SupervisorLab::ProgramWords {
namespace {
constexpr qsizetype kQuotedOutput = 120;
}

QString ending(const LifecycleEvent &event, qint64 ranUs)
{
    const QString ran = ranUs >= 0 ? durationText(ranUs / 1000) : QString();
    // In the texts below %1 is the ending as recorded ("exit 3", "signal 11 (SIGSEGV)"), %2 how long it ran.
    if (event.kind == EventKind::WorkerFailed) {
        switch (event.failure) {
        case FailureKind::ExitStatus:
            return ranUs >= 0 ? QCoreApplication::translate("ProgramWords", "%1 after %2").arg(event.reason, ran)
                              : event.reason;
        case FailureKind::Signal:
            return ranUs >= 0
                ? QCoreApplication::translate("ProgramWords", "killed by %1 after %2").arg(event.reason, ran)
                : QCoreApplication::translate("ProgramWords", "killed by %1").arg(event.reason);
        case FailureKind::CannotStart:
            //: %1 is the system's reason ("execve: No such file or directory").
            return QCoreApplication::translate("ProgramWords", "could not start: %1")
                .arg(event.reason.mid(QStringView(u"cannot start: ").size()));
        default:
            return {};
        }
    }
    if (event.kind == EventKind::WorkerCompleted && !event.output.isEmpty())
        return ranUs >= 0 ? QCoreApplication::translate("ProgramWords", "exit 0 after %1").arg(ran)
                          : QCoreApplication::translate("ProgramWords", "exit 0");
    return {};
}

QString lastOutput(const LifecycleEvent &event)
{
    const QString line = lastOutputLine(event.output);
    //: Ends a sentence about a program's end: %1 is the last line it wrote.
    return line.isEmpty()
        ? QString()
        : QCoreApplication::translate("ProgramWords", "; last output: %1").arg(echoed(line, kQuotedOutput));
}

} // namespace SupervisorLab::ProgramWords
