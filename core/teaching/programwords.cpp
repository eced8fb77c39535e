#include "teaching/programwords.h"

#include "policy/echoedtext.h"
#include "teaching/durationtext.h"

using namespace Qt::StringLiterals;

namespace SupervisorLab::ProgramWords {
namespace {
constexpr qsizetype kQuotedOutput = 120;
}

QString ending(const LifecycleEvent &event, qint64 ranUs)
{
    const QString after = ranUs >= 0 ? u" after "_s + durationText(ranUs / 1000) : QString();
    if (event.kind == EventKind::WorkerFailed) {
        switch (event.failure) {
        case FailureKind::ExitStatus:
            return event.reason + after;
        case FailureKind::Signal:
            return u"killed by "_s + event.reason + after;
        case FailureKind::CannotStart:
            return u"could not start: "_s + event.reason.mid(QStringView(u"cannot start: ").size());
        default:
            return {};
        }
    }
    if (event.kind == EventKind::WorkerCompleted && !event.output.isEmpty())
        return u"exit 0"_s + after;
    return {};
}

QString lastOutput(const LifecycleEvent &event)
{
    const QString line = lastOutputLine(event.output);
    return line.isEmpty() ? QString() : u"; last output: "_s + echoed(line, kQuotedOutput);
}

} // namespace SupervisorLab::ProgramWords
