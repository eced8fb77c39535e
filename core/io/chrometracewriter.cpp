#include "io/chrometracewriter.h"

#include "events/eventlog.h"
#include "events/restartrate.h"
#include "io/jsontext.h"

#include "policy/supervisorconfig.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;

namespace SupervisorLab {
namespace {

constexpr int kSupervisorTrack = 0;
constexpr int kRootProcess = 1;

struct TraceEntry
{
    qint64 ts = 0;
    qint64 dur = -1; // -1: not a slice
    int track = 0;
    QByteArray json;
    // Flow events bound to this slice, written right after it: the viewers bind a flow event to the slice open on
    // its thread at its time, and the innermost one there is the one just written.
    QByteArray flows = {};
};

// A failure that caused restarts: flows go from it to each restart its decision led to.
struct FailureCause
{
    qint64 tUs = 0;
    // The entry the flows start in, once written: the restart delay that begins at the failure; or, when the
    // incarnation failed at once, that incarnation: both begin at the failure, and Chrome's DevTools binds a flow to
    // the first slice of its time and category on the track, which is the one that lasted no time.
    qsizetype anchor = -1;
};

// One arrow from a failure to a restart it caused.
struct RestartFlow
{
    std::pair<int, quint32> failure; // worker, incarnation
    std::pair<int, quint32> restart;
    qint64 restartUs = 0;
};

// The flow events' category and name: a flow is one (id, cat, name) for the viewers. Chrome's DevTools binds a flow
// event only to an event of the same ts, pid, tid and cat, so the flows share the category of what they bind: a
// worker's restart delay and incarnation.
constexpr const char *kFlowCategory = "worker";
constexpr const char *kFlowName = "failure to restart";

struct Args
{
    QByteArray text;
    Args &add(const char *name, const QByteArray &value)
    {
        text += (text.isEmpty() ? "" : ",") + jsonQuoted(QString::fromLatin1(name)) + ':' + value;
        return *this;
    }
    Args &add(const char *name, const QString &value) { return add(name, jsonQuoted(value)); }
    Args &add(const char *name, qint64 value) { return add(name, QByteArray::number(value)); }
};

int trackOf(int worker)
{
    return worker + 1;
}

// Dependencies get tracks of their own, after every possible worker's.
int dependencyTrackOf(int dependency)
{
    return int(SupervisorConfig::kMaxWorkers) + 1 + dependency;
}

// A nested supervisor's own track, after every possible dependency's.
int supervisorTrackOf(int supervisor)
{
    return supervisor == 0 ? kSupervisorTrack
                           : int(SupervisorConfig::kMaxWorkers + SupervisorConfig::kMaxDependencies) + 1 + supervisor;
}

// The category of the slices on a track: whose they are.
const char *categoryOfTrack(int track)
{
    if (track == kSupervisorTrack || track > dependencyTrackOf(int(SupervisorConfig::kMaxDependencies) - 1))
        return "supervisor";
    return track > trackOf(int(SupervisorConfig::kMaxWorkers) - 1) ? "dependency" : "worker";
}

// Where the tracks of a run go. A run with nested supervisors gives each supervisor a process of its own, its
// track first, then its workers' tracks, so that the viewers nest the workers under their supervisor; the
// processes come in the tree's depth-first order and say their path. Any other run is one process, as it always was.
class TrackLayout
{
public:
    explicit TrackLayout(const SupervisorConfig &config = {})
        : m_config(config)
    {
        order(0);
    }

    bool nested() const { return m_config.isNested(); }
    const SupervisorConfig &config() const { return m_config; }
    int processOfTrack(int track) const { return m_processOfTrack.value(track, kRootProcess); }
    int processOfSupervisor(int supervisor) const { return nested() ? kRootProcess + supervisor : kRootProcess; }
    // The depth-first position of a track among all: the order of thread_sort_index.
    int sortIndexOf(int track) const { return m_sortIndex.value(track, track); }
    QString pathOf(int supervisor) const
    {
        QStringList names;
        for (int at = supervisor; at >= 0; at = at == 0 ? -1 : m_config.supervisorSpecs.value(at).parent)
            names.prepend(m_config.supervisorName(at));
        return names.join(u" / "_s);
    }
    bool inSubtree(int supervisor, bool isSupervisor, int index) const
    {
        for (int at = isSupervisor ? index : m_config.supervisorOf(index); at >= 0;
             at = at == 0 ? -1 : m_config.supervisorSpecs.value(at).parent) {
            if (at == supervisor)
                return true;
        }
        return false;
    }

private:
    void order(int supervisor)
    {
        const int own = supervisorTrackOf(supervisor);
        m_sortIndex.insert(own, int(m_sortIndex.size()));
        m_processOfTrack.insert(own, processOfSupervisor(supervisor));
        for (const TreeChild &child : m_config.childrenOf(supervisor)) {
            if (child.supervisor) {
                order(child.index);
            } else {
                m_sortIndex.insert(trackOf(child.index), int(m_sortIndex.size()));
                m_processOfTrack.insert(trackOf(child.index), processOfSupervisor(supervisor));
            }
        }
    }

    SupervisorConfig m_config;
    QHash<int, int> m_sortIndex;
    QHash<int, int> m_processOfTrack;
};

TraceEntry slice(const TrackLayout &layout, const QString &name, const char *category, qint64 ts, qint64 end, int track,
    const Args &args)
{
    const qint64 dur = std::max<qint64>(0, end - ts);
    QByteArray json = "{\"name\":" + jsonQuoted(name) + ",\"cat\":\"" + category
        + "\",\"ph\":\"X\",\"ts\":" + QByteArray::number(ts) + ",\"dur\":" + QByteArray::number(dur)
        + ",\"pid\":" + QByteArray::number(layout.processOfTrack(track)) + ",\"tid\":" + QByteArray::number(track)
        + ",\"args\":{" + args.text + "}}";
    return TraceEntry { ts, dur, track, json };
}

TraceEntry instant(const TrackLayout &layout, const QString &name, qint64 ts, int track, const Args &args)
{
    QByteArray json = "{\"name\":" + jsonQuoted(name) + ",\"cat\":\"lifecycle\",\"ph\":\"i\",\"s\":\"t\",\"ts\":"
        + QByteArray::number(ts) + ",\"pid\":" + QByteArray::number(layout.processOfTrack(track))
        + ",\"tid\":" + QByteArray::number(track) + ",\"args\":{" + args.text + "}}";
    return TraceEntry { ts, -1, track, json };
}

// A flow's start ("s", bound to the slice open at `ts` on its thread) or end ("f" with "bp":"e": bound to the
// enclosing slice, not to the next one).
QByteArray flowEvent(const TrackLayout &layout, bool start, qint64 id, qint64 ts, int track)
{
    return ",\n{\"name\":\"" + QByteArray(kFlowName) + "\",\"cat\":\"" + kFlowCategory + "\",\"ph\":\""
        + (start ? "s" : "f") + (start ? "" : "\",\"bp\":\"e") + "\",\"id\":" + QByteArray::number(id)
        + ",\"ts\":" + QByteArray::number(ts) + ",\"pid\":" + QByteArray::number(layout.processOfTrack(track))
        + ",\"tid\":" + QByteArray::number(track) + "}";
}

// The restart rate (events/restartrate.h) as a counter track of the root process.
TraceEntry rateCounter(const TrackLayout &layout, qint64 ts, double rate)
{
    QByteArray json = "{\"name\":\"restart rate\",\"cat\":\"restart\",\"ph\":\"C\",\"ts\":" + QByteArray::number(ts)
        + ",\"pid\":" + QByteArray::number(layout.processOfTrack(kSupervisorTrack))
        + ",\"tid\":" + QByteArray::number(kSupervisorTrack)
        + ",\"args\":{\"restarts/s\":" + QByteArray::number(rate, 'g', 12) + "}}";
    return TraceEntry { ts, -1, kSupervisorTrack, json };
}

QByteArray metadata(const char *name, int process, int track, const QByteArray &args)
{
    return "{\"name\":\"" + QByteArray(name) + "\",\"ph\":\"M\",\"pid\":" + QByteArray::number(process)
        + ",\"tid\":" + QByteArray::number(track) + ",\"args\":{" + args + "}}";
}

// A worker's track, or a nested supervisor's.
struct WorkerTrack
{
    quint32 incarnation = 0;
    qint64 startedUs = -1; // -1: no incarnation running
    qint64 stoppingUs = -1; // a supervisor's: stopping or giving up since here
    qint64 delayFromUs = -1; // the worker is down and waiting for a restart since here
    bool delayAwaitsEnd = false; // scheduled while the previous incarnation was still stopping
    qint64 delayMs = 0;
    quint32 attempt = 0;
    qint64 endedUs = -1; // the end of the last incarnation
    std::optional<std::pair<int, quint32>> cause = {}; // the failure the pending restart answers, if one did
    std::optional<std::pair<int, quint32>> delayFailure = {}; // the failure the delay under way began at
};

// Turns the log, event by event, into trace entries: slices open at a start and close at the matching end.
class TraceBuilder
{
public:
    void add(const LifecycleEvent &event)
    {
        m_lastUs = event.tUs;
        m_started = true;
        if (isRestart(event))
            m_rate.add(event.tUs);
        if (event.has(FieldDependency))
            addDependencyEvent(event);
        else if (event.isNestedSupervisors())
            addNestedSupervisorEvent(event, m_supervisors[event.supervisorIndex]);
        else if (!event.has(FieldWorker))
            addSupervisorEvent(event);
        else if (event.worker >= 0) // a worker event that names no worker has no track to go on
            addWorkerEvent(event, m_workers[event.worker]);
    }

    // Closes what a snapshot of a run under way leaves open, at the last event, and returns every entry.
    std::vector<TraceEntry> finish()
    {
        for (auto &[worker, track] : m_workers) {
            if (track.startedUs >= 0) {
                m_incarnationSlices[{ worker, track.incarnation }] = qsizetype(m_entries.size());
                m_entries.push_back(slice(m_layout, u"incarnation %1"_s.arg(track.incarnation), "worker",
                    track.startedUs, m_lastUs, trackOf(worker), Args().add("end", u"running"_s)));
            } else if (track.delayFromUs >= 0) {
                closeDelay(trackOf(worker), track, m_lastUs, u"waiting"_s);
            }
        }
        for (auto &[supervisor, track] : m_supervisors) {
            if (track.startedUs >= 0)
                closeNestedSupervisor(supervisor, track, m_lastUs, u"running"_s);
            else if (track.delayFromUs >= 0)
                closeDelay(supervisorTrackOf(supervisor), track, m_lastUs, u"waiting"_s);
        }
        while (!m_downSince.empty()) // closing an outage forgets it
            closeOutage(m_downSince.begin()->first, m_lastUs, u"still down"_s);
        closeSupervisor(m_lastUs);
        bindFlows();
        m_rate.forEachChange(m_lastUs, [this](qint64 tUs, double rate) {
            if (tUs > 0)
                m_entries.push_back(rateCounter(m_layout, tUs, rate));
        });
        if (m_started)
            m_entries.push_back(rateCounter(m_layout, 0, m_rate.at(0)));
        return std::move(m_entries);
    }

    const RunHeader &header() const { return m_header; }
    const TrackLayout &layout() const { return m_layout; }
    int highestWorker() const { return m_workers.empty() ? -1 : m_workers.rbegin()->first; }

    const QStringList &dependencyNames() const { return m_dependencyNames; }

private:
    // Each restart a failure caused gets a flow from the restart delay that begins at the failure, on the failing
    // worker's track, to the incarnation the restart began; a flow whose slices were never written (a snapshot
    // that ends before them) is left out, so that every flow has both ends.
    void bindFlows()
    {
        qint64 id = 0;
        for (const RestartFlow &flow : m_flows) {
            const auto failure = m_failures.find(flow.failure);
            const auto incarnation = m_incarnationSlices.find(flow.restart);
            if (failure == m_failures.end() || failure->second.anchor < 0 || incarnation == m_incarnationSlices.end())
                continue;
            ++id;
            m_entries[size_t(failure->second.anchor)].flows
                += flowEvent(m_layout, true, id, failure->second.tUs, trackOf(flow.failure.first));
            m_entries[size_t(incarnation->second)].flows
                += flowEvent(m_layout, false, id, flow.restartUs, trackOf(flow.restart.first));
        }
    }

    void addDependencyEvent(const LifecycleEvent &event)
    {
        if (event.kind == EventKind::DependencyDown) {
            if (!m_downSince.contains(event.dependency)) {
                m_downSince[event.dependency] = { event.tUs, event.reason };
            }
        } else if (m_downSince.contains(event.dependency)) {
            closeOutage(event.dependency, event.tUs, u"back"_s);
        }
    }

    void closeOutage(int dependency, qint64 untilUs, const QString &end)
    {
        const auto &[fromUs, reason] = m_downSince[dependency];
        m_entries.push_back(slice(m_layout, u"down (%1)"_s.arg(reason), "dependency", fromUs, untilUs,
            dependencyTrackOf(dependency), Args().add("reason", reason).add("end", end)));
        m_downSince.erase(dependency);
    }

    // A start the dependency turned away, marked on its track: while it was down, or for capacity.
    void markRefusedAttempt(const LifecycleEvent &event, const WorkerTrack &track)
    {
        const qsizetype dependency = m_dependencyNames.indexOf(dependencyOfReason(event.reason));
        if (dependency < 0 || !isDependencyFailure(event.failure) || track.startedUs != event.tUs)
            return;
        const QString name
            = event.failure == FailureKind::Overloaded ? u"refused (overloaded)"_s : u"attempt while down"_s;
        m_entries.push_back(instant(m_layout, name, event.tUs, dependencyTrackOf(int(dependency)),
            Args().add("worker", qint64(event.worker)).add("incarnation", qint64(event.incarnation))));
    }

    void addSupervisorEvent(const LifecycleEvent &event)
    {
        switch (event.kind) {
        case EventKind::RunStarted: {
            m_header = event.run;
            SupervisorConfig config;
            config.applyJson(event.run.config); // a config the importer let through; what it cannot read stays default
            m_layout = TrackLayout(config);
            m_dependencyNames.clear();
            for (const DependencySpec &dependency : config.dependencies)
                m_dependencyNames << dependency.name;
            break;
        }
        case EventKind::SupervisorStarted:
            m_supervisorStartUs = event.tUs;
            break;
        case EventKind::SupervisorStopping:
        case EventKind::SupervisorGaveUp:
            if (m_stoppingUs < 0)
                m_stoppingUs = event.tUs;
            if (event.kind == EventKind::SupervisorGaveUp) {
                m_entries.push_back(instant(
                    m_layout, eventName(event.kind), event.tUs, kSupervisorTrack, Args().add("reason", event.reason)));
            }
            cancelDelaysBelow(0, event.tUs);
            break;
        case EventKind::SupervisorStopped:
            closeSupervisor(event.tUs);
            break;
        case EventKind::ConfigChanged:
            m_entries.push_back(instant(m_layout, u"config_changed"_s, event.tUs, kSupervisorTrack,
                Args().add("key", event.key).add("value", event.value)));
            break;
        default:
            break;
        }
    }

    // Pending restarts below a supervisor that stops or gives up are cancelled: a child already waiting stops waiting
    // here; one still stopping never begins to wait.
    void cancelDelaysBelow(int supervisor, qint64 atUs)
    {
        for (auto &[worker, track] : m_workers) {
            if (!m_layout.inSubtree(supervisor, false, worker))
                continue;
            if (track.delayFromUs >= 0)
                closeDelay(trackOf(worker), track, atUs, u"cancelled"_s);
            track.delayAwaitsEnd = false;
            track.cause.reset(); // a cancelled restart causes nothing: a later start is its supervisor's doing
        }
        for (auto &[nested, track] : m_supervisors) {
            if (nested == supervisor || !m_layout.inSubtree(supervisor, true, nested))
                continue;
            if (track.delayFromUs >= 0)
                closeDelay(supervisorTrackOf(nested), track, atUs, u"cancelled"_s);
            track.delayAwaitsEnd = false;
        }
    }

    // A nested supervisor's track is drawn as a worker's is (its incarnations and the restart delays between them),
    // with the time it spends stopping inside each incarnation, and its give-ups.
    void addNestedSupervisorEvent(const LifecycleEvent &event, WorkerTrack &track)
    {
        const int supervisor = event.supervisorIndex;
        const int tid = supervisorTrackOf(supervisor);
        switch (event.kind) {
        case EventKind::SupervisorStarted:
            beginIncarnation(tid, track, event);
            break;
        case EventKind::SupervisorStopping:
        case EventKind::SupervisorGaveUp:
            if (track.stoppingUs < 0)
                track.stoppingUs = event.tUs;
            if (event.kind == EventKind::SupervisorGaveUp)
                m_entries.push_back(
                    instant(m_layout, eventName(event.kind), event.tUs, tid, Args().add("reason", event.reason)));
            cancelDelaysBelow(supervisor, event.tUs);
            break;
        case EventKind::SupervisorStopped:
            closeNestedSupervisor(supervisor, track, event.tUs, eventName(event.kind));
            if (track.delayAwaitsEnd) {
                track.delayFromUs = event.tUs;
                track.delayAwaitsEnd = false;
            }
            break;
        case EventKind::RestartScheduled:
            scheduleDelay(event, track);
            break;
        default:
            break;
        }
    }

    void closeNestedSupervisor(int supervisor, WorkerTrack &track, qint64 untilUs, const QString &end)
    {
        const int tid = supervisorTrackOf(supervisor);
        if (track.startedUs >= 0) {
            m_entries.push_back(slice(m_layout, u"incarnation %1"_s.arg(track.incarnation), "supervisor",
                track.startedUs, untilUs, tid, Args().add("end", end)));
        }
        if (track.stoppingUs >= 0)
            m_entries.push_back(slice(m_layout, u"stopping"_s, "supervisor", track.stoppingUs, untilUs, tid, Args()));
        track.startedUs = track.stoppingUs = -1;
    }

    // The delay is on the child's track only while the child is down: a restart decided while it is still stopping
    // waits from the end of that incarnation, so the two never overlap. A decision that replaces a pending one (a
    // group restart over the child's own) keeps the wait that began with the first.
    //
    // The delay of the worker whose own end the decision answers begins at that end, not at the decision a moment
    // later (they differ on threads): a failure's flow starts there, inside it.
    void scheduleDelay(const LifecycleEvent &event, WorkerTrack &track)
    {
        track.delayMs = event.delayMs;
        track.attempt = event.attempt;
        const bool ownEnd = event.has(FieldWorker) && event.cause.supervisor < 0 && event.cause.worker == event.worker
            && event.cause.incarnation == track.incarnation && track.startedUs < 0 && track.endedUs >= 0;
        const std::pair<int, quint32> causeKey { event.cause.worker, event.cause.incarnation };
        track.cause.reset();
        if (event.cause.supervisor < 0 && event.cause.worker >= 0 && m_failures.contains(causeKey))
            track.cause = causeKey;
        if (track.startedUs >= 0) {
            track.delayAwaitsEnd = true;
        } else if (track.delayFromUs < 0) {
            track.delayFromUs = ownEnd ? track.endedUs : event.tUs;
            if (ownEnd && track.cause)
                track.delayFailure = track.cause;
        }
    }

    // A start ends the restart delay that led to it, if the track shows one.
    void beginIncarnation(int tid, WorkerTrack &track, const LifecycleEvent &started)
    {
        if (track.delayFromUs >= 0)
            closeDelay(tid, track, started.tUs, u"restarted"_s);
        if (started.has(FieldWorker) && isRestart(started) && track.cause)
            m_flows.push_back({ *track.cause, { started.worker, started.incarnation }, started.tUs });
        track = WorkerTrack { started.incarnation, started.tUs };
    }

    void addWorkerEvent(const LifecycleEvent &event, WorkerTrack &track)
    {
        const int tid = trackOf(event.worker);
        switch (event.kind) {
        case EventKind::WorkerStarted:
            beginIncarnation(tid, track, event);
            break;
        case EventKind::WorkerReady: // a program said READY=1: the moment it is up, inside its incarnation
            m_entries.push_back(
                instant(m_layout, u"ready"_s, event.tUs, tid, Args().add("incarnation", qint64(event.incarnation))));
            break;
        case EventKind::WorkerCompleted:
        case EventKind::WorkerFailed:
        case EventKind::WorkerStopped:
        case EventKind::WorkerAbandoned: {
            Args args = Args().add("end", eventName(event.kind));
            if (!event.reason.isEmpty())
                args.add("reason", event.reason);
            if (!event.output.isEmpty()) // a program's last lines, on its incarnation and on its failure
                args.add("output", event.output);
            qsizetype incarnationEntry = -1;
            if (track.startedUs >= 0) {
                incarnationEntry = qsizetype(m_entries.size());
                m_incarnationSlices[{ event.worker, track.incarnation }] = incarnationEntry;
                m_entries.push_back(slice(m_layout, u"incarnation %1"_s.arg(event.incarnation), "worker",
                    track.startedUs, event.tUs, tid, args));
            }
            if (event.kind == EventKind::WorkerFailed || event.kind == EventKind::WorkerAbandoned)
                m_entries.push_back(instant(m_layout, eventName(event.kind), event.tUs, tid, args));
            if (event.kind == EventKind::WorkerFailed) {
                markRefusedAttempt(event, track);
                const bool failedAtOnce = incarnationEntry >= 0 && track.startedUs == event.tUs;
                m_failures[{ event.worker, event.incarnation }]
                    = FailureCause { event.tUs, failedAtOnce ? incarnationEntry : -1 };
            }
            track.startedUs = -1;
            track.endedUs = event.tUs;
            if (track.delayAwaitsEnd) {
                track.delayFromUs = event.tUs;
                track.delayAwaitsEnd = false;
            }
            break;
        }
        case EventKind::RestartScheduled:
            scheduleDelay(event, track);
            break;
        case EventKind::CircuitOpened:
        case EventKind::CircuitHalfOpen:
        case EventKind::CircuitClosed:
            m_entries.push_back(instant(m_layout, eventName(event.kind), event.tUs, tid, Args()));
            break;
        default:
            break;
        }
    }

    void closeDelay(int tid, WorkerTrack &track, qint64 untilUs, const QString &end)
    {
        if (track.delayFailure) {
            if (const auto failure = m_failures.find(*track.delayFailure);
                failure != m_failures.end() && failure->second.tUs == track.delayFromUs && failure->second.anchor < 0)
                failure->second.anchor = qsizetype(m_entries.size());
            track.delayFailure.reset();
        }
        m_entries.push_back(slice(m_layout, u"restart delay"_s, categoryOfTrack(tid), track.delayFromUs, untilUs, tid,
            Args().add("delay_ms", track.delayMs).add("attempt", qint64(track.attempt)).add("end", end)));
        track.delayFromUs = -1;
    }

    void closeSupervisor(qint64 untilUs)
    {
        if (m_supervisorStartUs >= 0) {
            m_entries.push_back(slice(
                m_layout, u"supervising"_s, "supervisor", m_supervisorStartUs, untilUs, kSupervisorTrack, Args()));
        }
        if (m_stoppingUs >= 0) {
            m_entries.push_back(
                slice(m_layout, u"stopping"_s, "supervisor", m_stoppingUs, untilUs, kSupervisorTrack, Args()));
        }
        m_supervisorStartUs = m_stoppingUs = -1;
    }

    std::vector<TraceEntry> m_entries;
    std::map<int, WorkerTrack> m_workers;
    std::map<int, WorkerTrack> m_supervisors; // the nested ones
    std::map<int, std::pair<qint64, QString>> m_downSince; // per dependency down: since when, and why
    QStringList m_dependencyNames;
    TrackLayout m_layout;
    RunHeader m_header;
    qint64 m_supervisorStartUs = -1;
    qint64 m_stoppingUs = -1;
    qint64 m_lastUs = 0;
    bool m_started = false;
    RestartRate m_rate;
    std::map<std::pair<int, quint32>, FailureCause> m_failures; // worker, incarnation
    std::map<std::pair<int, quint32>, qsizetype> m_incarnationSlices; // worker, incarnation -> entry
    std::vector<RestartFlow> m_flows;
};

} // namespace

bool ChromeTraceWriter::write(const EventLog &log, qsizetype count, QIODevice &device)
{
    TraceBuilder builder;
    for (qsizetype i = 0; i < count; ++i)
        builder.add(log.at(i));
    std::vector<TraceEntry> entries = builder.finish();
    const RunHeader &header = builder.header();

    // Per track, by time. The viewers nest slices by file order where times tie: what comes later at the same ts and
    // fits in an earlier slice is drawn inside it. So at one ts a longer slice comes before the shorter ones it
    // encloses, but a zero-length slice comes first of all: it is over before anything else there begins (an
    // incarnation that failed at once, before the restart delay that follows it), so it must be drawn before them,
    // not inside them. Zero-length slices keep their log order among themselves; instants come last.
    const auto rank
        = [](const TraceEntry &entry) { return entry.dur == 0 ? std::numeric_limits<qint64>::max() : entry.dur; };
    std::stable_sort(entries.begin(), entries.end(), [&](const TraceEntry &a, const TraceEntry &b) {
        if (a.ts != b.ts)
            return a.ts < b.ts;
        return rank(a) > rank(b);
    });

    const TrackLayout &layout = builder.layout();
    const SupervisorConfig &config = layout.config();
    const auto nameTrack = [&](int track, const QString &name) -> QByteArray {
        const int process = layout.processOfTrack(track);
        return ",\n" + metadata("thread_name", process, track, "\"name\":" + jsonQuoted(name)) + ",\n"
            + metadata(
                "thread_sort_index", process, track, "\"sort_index\":" + QByteArray::number(layout.sortIndexOf(track)));
    };
    QByteArray out = "{\"traceEvents\":[\n";
    const QByteArray processName = jsonQuoted(u"Supervisor Lab (seed %1)"_s.arg(header.seed));
    out += metadata("process_name", kRootProcess, kSupervisorTrack, "\"name\":" + processName);
    out += nameTrack(kSupervisorTrack, u"supervisor"_s);
    for (int supervisor = 1; layout.nested() && supervisor < config.supervisorCount(); ++supervisor) {
        const int process = layout.processOfSupervisor(supervisor);
        const int track = supervisorTrackOf(supervisor);
        out += ",\n" + metadata("process_name", process, track, "\"name\":" + jsonQuoted(layout.pathOf(supervisor)));
        out += ",\n"
            + metadata("process_sort_index", process, track, "\"sort_index\":" + QByteArray::number(supervisor));
        out += nameTrack(track, u"supervisor %1"_s.arg(config.supervisorName(supervisor)));
    }
    const int workerCount = std::max(int(header.config.value(u"workers"_s).toInteger()), builder.highestWorker() + 1);
    for (int worker = 0; worker < workerCount; ++worker) {
        const QString name = config.isTree() && worker < config.workers
            ? u"worker %1: %2"_s.arg(worker).arg(config.workerName(worker))
            : u"worker %1"_s.arg(worker);
        out += nameTrack(trackOf(worker), name);
    }
    for (int dependency = 0; dependency < builder.dependencyNames().size(); ++dependency)
        out += nameTrack(
            dependencyTrackOf(dependency), u"dependency %1"_s.arg(builder.dependencyNames().at(dependency)));
    for (const TraceEntry &entry : entries) {
        out += ",\n" + entry.json + entry.flows;
        if (out.size() > (1 << 16)) {
            if (device.write(out) != out.size())
                return false;
            out.clear();
        }
    }
    QJsonObject otherData;
    otherData.insert(u"version"_s, header.version);
    otherData.insert(u"seed"_s, qint64(header.seed));
    otherData.insert(u"config"_s, header.config);
    out += "\n],\"displayTimeUnit\":\"ms\",\"otherData\":" + QJsonDocument(otherData).toJson(QJsonDocument::Compact)
        + "}\n";
    return device.write(out) == out.size();
}

} // namespace SupervisorLab
