#pragma once

#include "events/lifecycleevent.h"
#include "events/restartgroups.h"
#include "policy/restartwindow.h"
#include "policy/supervisorconfig.h"

#include <QList>
#include <QString>

#include <map>
#include <vector>

namespace SupervisorLab {

struct TeachingWarning
{
    enum class Kind
    {
        RestartStorm,
        IntensityNearLimit,
        Flapping,
    };
    Kind kind = Kind::RestartStorm;
    int worker = -1; // -1: supervisor-wide
    qint64 sinceUs = 0;
    QString text;
};

// Watches a run's events and says which teaching warnings hold right now:
// - a restart storm: at least 10 restart decisions within 1 s; it ends once the rate has stayed below 5 per
//   second for a full second;
// - restart intensity near its limit: the decisions a supervisor took within its `within` reach its max_restarts
//   (R ≥ 1), so one more gives up; it ends 500 ms after the count fell below R, or at once when the supervisor gives
//   up or stops. In a tree each supervisor counts its own decisions against its own limit (a new incarnation of a
//   nested supervisor starts from none), and the warning names the first supervisor at its limit, the root first;
// - a flapping worker: 3 failures within 10 s, each less than 1 s after that incarnation started; it ends when
//   the 10 s window holds fewer than 3 and at least 2 s after it began.
// A warning stays at least 1 s once shown, except when the supervisor gave up, stopped or the parameter it is
// about became moot, and every warning goes when the root supervisor has stopped: nothing is happening any more.
// Restart decisions are counted as the engine's intensity rule counts them: a group restart (restart_scheduled
// events with one cause) counts once. Time is engine time: the events' and advanceTo's.
class TeachingWarnings
{
public:
    // Takes in the run's next event, in log order; run_started starts over.
    void observe(const LifecycleEvent &event);
    // Lets engine time pass without events, so that warnings end on time.
    void advanceTo(qint64 nowUs);

    // Storm, intensity, then flapping workers by index.
    QList<TeachingWarning> active() const;
    // Changes whenever active() changes.
    quint64 revision() const { return m_revision; }

private:
    struct Shown
    {
        bool active = false;
        qint64 sinceUs = 0;
        int figure = -1; // the count the text quotes
    };
    struct WorkerWatch
    {
        quint32 incarnation = 0;
        qint64 startedUs = -1;
        RestartWindow quickFailures; // within the flapping window
        Shown flapping;
    };

    // Looks at the supervisor-wide warnings, and at `worker`'s flapping if one is given.
    void update(std::pair<const int, WorkerWatch> *worker = nullptr);
    void updateStorm();
    void updateIntensity();
    void updateFlapping(WorkerWatch &watch);
    // The supervisor whose intensity a restart_scheduled counts toward: the parent of the child it restarts.
    int decidingSupervisor(const LifecycleEvent &restart) const;
    void refreshSupervisors();
    // Shows, keeps or hides a warning. `liveFigure` is the count its text quotes while the condition still
    // holds, or -1 when the text keeps its last figure.
    void settle(Shown &shown, bool enters, bool leaves, int liveFigure);
    void hide(Shown &shown);
    QString textOf(TeachingWarning::Kind kind, int worker, int figure) const;
    TeachingWarning warningOf(const Shown &shown, TeachingWarning::Kind kind, int worker) const;

    SupervisorConfig m_config;
    qint64 m_nowUs = 0;
    bool m_supervisorDown = false; // the root gave up or stops: no restart will come
    bool m_runOver = false;
    RestartGroups m_groups;
    RestartWindow m_decisions; // restart decisions, a group once, within the storm's window
    std::vector<SupervisorConfig> m_supervisors; // each supervisor's own strategy and intensity
    std::vector<RestartWindow> m_decisionsBy; // by deciding supervisor, within its own window
    std::vector<bool> m_supervisorExiting; // a nested supervisor that gives up or stops decides nothing more
    int m_intensitySupervisor = 0; // the supervisor the intensity warning is about
    qint64 m_stormBusyUntilUs = 0; // when the rate last fell below the storm's calm level
    qint64 m_intensityFullUntilUs = 0; // when the count within the window last fell below R
    Shown m_storm;
    Shown m_intensity;
    std::map<int, WorkerWatch> m_workers;
    quint64 m_revision = 0;
};

} // namespace SupervisorLab
