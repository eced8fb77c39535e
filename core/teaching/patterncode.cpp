#include "teaching/patterncode.h"

#include <QCoreApplication>

#include <array>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

using Step = PatternCode::Step;

// Written for this project. One goroutine makes every decision, as the engine's policy does; the group stop is
// synchronous, as in OTP; a restart delay is a timer raced against the stop request, so a stop cancels it.
constexpr char16_t kCode[] = uR"go(func (s *Supervisor) Run() error {
    s.startAll(s.children) // incarnation 1 of each, in order
    for {
        var exit Exit
        select { // sleep until the first of these happens
        case kv := <-s.settings: // a slider moved
            s.cfg.Set(kv) // the next decision uses it
            continue
        case exit = <-s.exited: // a child returned on its own
        case i := <-s.heartbeatDeadline: // it stopped beating
            s.kill(i) // hung: it will not return by itself
            exit = Exit{child: i, err: ErrHung}
        case group := <-s.restartDue: // a delay is over
            s.startAll(group) // each one's next incarnation
            continue
        case <-s.stopRequested:
            return s.shutdown(nil)
        }
        c := s.children[exit.child]
        if exit.err == nil { // it completed its work
            if c.restart != Permanent { continue } // done for good
        } else { // it failed: an error, a panic or a hang
            if c.restart == Temporary { continue } // never restarted
        }
        c.breaker.Record(exit.err) // K failures in a window open it
        if s.restarts.Add(now()) > s.cfg.MaxRestarts { // within T
            return s.shutdown(ErrGaveUp) // restarting does not help
        }
        group := s.groupOf(exit.child) // it; all; or it and later ones
        s.stopAll(s.running(group), "sibling_failed")
        if exit.err == nil || c.ranFor() >= s.cfg.ResetAfter {
            c.attempt = 0 // a clean run starts the backoff over
        }
        c.attempt++
        d := min(s.cfg.Delay*pow(s.cfg.Factor, c.attempt-1), s.cfg.MaxDelay)
        d = max(jitter(d), c.breaker.Cooldown()) // 0 unless open
        go func() { // the delay: a timer that a stop cancels
            select {
            case <-time.After(d):
                s.restartDue <- group // buffered: never blocks
            case <-s.stopRequested: // this restart never happens
            }
        }()
    }
}

func (s *Supervisor) shutdown(err error) error {
    s.stopAll(s.running(s.children), "shutdown")
    return err // every child is down: the supervisor has stopped
}

func (s *Supervisor) stopAll(children []int, reason string) {
    for _, i := range children {
        s.ask(i, reason) // a worker checks between slices of work
    }
    late := s.waitFor(children, s.cfg.ShutdownTimeout)
    s.abandon(late) // they ignored the request: wait no longer
})go";

// Where each step's code is: the line that holds `anchor` (once in the whole text) and the lines after it,
// so that editing the code above never leaves a highlight on the wrong lines.
struct StepCode
{
    Step step;
    QStringView anchor;
    int lineCount;
    const char *caption; // the English source text, translated where shown
};

constexpr std::array<StepCode, PatternCode::kStepCount> kSteps { {
    { Step::Start, u"s.startAll(s.children)", 1,
        QT_TRANSLATE_NOOP("PatternCode", "The start: the supervisor starts its children, one after another") },
    { Step::Wait, u"select { // sleep", 3,
        QT_TRANSLATE_NOOP("PatternCode",
            "The wait: the supervisor sleeps until something happens; a changed setting is taken in here") },
    { Step::Completed, u"// it completed", 2,
        QT_TRANSLATE_NOOP(
            "PatternCode", "The completion branch: the restart type decides, and only a permanent child runs again") },
    { Step::Failed, u"// it failed", 2,
        QT_TRANSLATE_NOOP("PatternCode", "The failure branch: decide whether and when to restart") },
    { Step::HeartbeatMissed, u"<-s.heartbeatDeadline", 3,
        QT_TRANSLATE_NOOP(
            "PatternCode", "The heartbeat deadline: a worker that stopped beating is hung, and counts as failed") },
    { Step::CircuitBreaker, u"c.breaker.Record", 1,
        QT_TRANSLATE_NOOP("PatternCode",
            "The circuit breaker: too many failures in a window open it, and restarts wait out its cooldown") },
    { Step::GiveUp, u"s.restarts.Add", 2,
        QT_TRANSLATE_NOOP("PatternCode",
            "The restart intensity check: too many restarts in too short a time, so the supervisor gives up") },
    { Step::Delay, u"d := min(", 3,
        QT_TRANSLATE_NOOP(
            "PatternCode", "The delay: back off, cap, add jitter, then wait on a timer that a stop cancels") },
    { Step::StopGroup, u"s.groupOf", 2,
        QT_TRANSLATE_NOOP("PatternCode",
            "The group stop: under one-for-all or rest-for-one, the failed worker's siblings go down with it") },
    { Step::Restart, u"<-s.restartDue", 2,
        QT_TRANSLATE_NOOP("PatternCode", "The restart: the delay is over, so the next incarnation starts") },
    { Step::Stop, u"func (s *Supervisor) shutdown", 2,
        QT_TRANSLATE_NOOP("PatternCode", "The stop: ask every child to stop") },
    { Step::StopAcknowledged, u"s.waitFor", 1,
        QT_TRANSLATE_NOOP("PatternCode",
            "The wait for the children: each exits when it sees the request, within the shutdown timeout") },
    { Step::Abandon, u"s.abandon", 1,
        QT_TRANSLATE_NOOP("PatternCode", "The abandon: a worker that ignored the request is no longer waited for") },
    { Step::Finished, u"the supervisor has stopped", 1,
        QT_TRANSLATE_NOOP("PatternCode", "The end: every child is down and the supervisor has stopped") },
} };

constexpr bool tableFollowsTheEnum()
{
    for (size_t i = 0; i < kSteps.size(); ++i) {
        if (kSteps[i].step != Step(i))
            return false;
    }
    return true;
}
static_assert(tableFollowsTheEnum(), "kSteps lists the steps in the order of PatternCode::Step");

std::array<std::pair<int, int>, PatternCode::kStepCount> findBlocks()
{
    const QStringList &lines = PatternCode::lines();
    std::array<std::pair<int, int>, PatternCode::kStepCount> blocks;
    for (const StepCode &code : kSteps) {
        int first = -1;
        for (int line = 0; line < lines.size(); ++line) {
            if (lines.at(line).contains(code.anchor)) {
                Q_ASSERT_X(first < 0, "PatternCode", "an anchor appears twice in the code");
                first = line;
            }
        }
        Q_ASSERT_X(first >= 0, "PatternCode", "an anchor is missing from the code");
        blocks[size_t(code.step)] = { first, first + code.lineCount - 1 };
    }
    return blocks;
}

} // namespace

const QStringList &PatternCode::lines()
{
    static const QStringList lines = QString::fromUtf16(kCode).split(u'\n');
    return lines;
}

std::optional<PatternCode::Step> PatternCode::stepFor(const LifecycleEvent &event)
{
    switch (event.kind) {
    case EventKind::RunStarted:
    case EventKind::SupervisorStarted:
        return Step::Start;
    case EventKind::WorkerStarted:
        return event.incarnation > 1 ? Step::Restart : Step::Start;
    case EventKind::WorkerReady: // a program saying it has finished starting
        return Step::Start;
    case EventKind::WorkerCompleted:
        return Step::Completed;
    case EventKind::WorkerFailed:
        return event.failure == FailureKind::Hang ? Step::HeartbeatMissed : Step::Failed;
    case EventKind::RestartScheduled:
        return Step::Delay;
    case EventKind::WorkerStopping:
        return event.reason == u"sibling_failed" ? Step::StopGroup : Step::Stop;
    case EventKind::WorkerStopped:
        return Step::StopAcknowledged;
    case EventKind::WorkerAbandoned:
        return Step::Abandon;
    case EventKind::CircuitOpened:
    case EventKind::CircuitHalfOpen:
    case EventKind::CircuitClosed:
        return Step::CircuitBreaker;
    case EventKind::ConfigChanged:
        // The supervisor takes a new setting in between decisions, where it waits.
        return Step::Wait;
    case EventKind::DependencyDown:
    case EventKind::DependencyUp:
        // The world changes outside the supervisor, which hears of it only through its workers' exits.
        return Step::Wait;
    case EventKind::SupervisorGaveUp:
        return Step::GiveUp;
    case EventKind::SupervisorStopping:
        return Step::Stop;
    case EventKind::SupervisorStopped:
    case EventKind::RunFinished:
        return Step::Finished;
    }
    return std::nullopt;
}

std::pair<int, int> PatternCode::linesOf(Step step)
{
    static const auto blocks = findBlocks();
    return blocks.at(size_t(step));
}

QString PatternCode::caption(Step step)
{
    return QCoreApplication::translate("PatternCode", kSteps.at(size_t(step)).caption);
}

} // namespace SupervisorLab
