<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CommandLine</name>
    <message numerus="yes">
        <source>--%1 is given %n times (%2); give it once</source>
        <extracomment>%1 is an option&apos;s name, %2 the values given; %n is two or more.</extracomment>
        <translation>
            <numerusform>--%1 is given %n time (%2); give it once</numerusform>
            <numerusform>--%1 is given %n times (%2); give it once</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DependencyWords</name>
    <message numerus="yes">
        <source>%n worker(s) depend(s) on it</source>
        <translation>
            <numerusform>%n worker depends on it</numerusform>
            <numerusform>%n workers depend on it</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 is overloaded: it takes %n attempts per %2, and this start came on top</source>
        <extracomment>%1 is the dependency&apos;s name (&quot;db&quot;), %2 its capacity&apos;s window (&quot;1 s&quot;).</extracomment>
        <translation>
            <numerusform>%1 is overloaded: it takes %n attempt per %2, and this start came on top</numerusform>
            <numerusform>%1 is overloaded: it takes %n attempts per %2, and this start came on top</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n workers that depend on %1 run again from %2, %3 after it came back (%4)</source>
        <extracomment>%n is two or more; %1 is the dependency&apos;s name (&quot;db&quot;), %2 when the workers run again (&quot;33.5 s&quot;), %3 how long after it came back (&quot;11.5 s&quot;), %4 how restarts are delayed (&quot;exponential backoff&quot;).</extracomment>
        <translation>
            <numerusform>The %n worker that depends on %1 runs again from %2, %3 after it came back (%4)</numerusform>
            <numerusform>All %n workers that depend on %1 run again from %2, %3 after it came back (%4)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Explainer</name>
    <message numerus="yes">
        <source>%n restart(s)</source>
        <translation>
            <numerusform>%n restart</numerusform>
            <numerusform>%n restarts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The circuit opens for %1: %n failure(s) within %2 reached the threshold, so no restart for %3 (the cooldown).</source>
        <extracomment>%1 is the worker, %2 the breaker&apos;s window, %3 its cooldown (durations).</extracomment>
        <translation>
            <numerusform>The circuit opens for %1: %n failure within %2 reached the threshold, so no restart for %3 (the cooldown).</numerusform>
            <numerusform>The circuit opens for %1: %n failures within %2 reached the threshold, so no restart for %3 (the cooldown).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The run is over: %n restart(s), %1, %2.</source>
        <extracomment>%1 is &quot;N failure(s)&quot;, %2 &quot;N completion(s)&quot;.</extracomment>
        <translation>
            <numerusform>The run is over: %n restart, %1, %2.</numerusform>
            <numerusform>The run is over: %n restarts, %1, %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failure(s)</source>
        <translation>
            <numerusform>%n failure</numerusform>
            <numerusform>%n failures</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n completion(s)</source>
        <translation>
            <numerusform>%n completion</numerusform>
            <numerusform>%n completions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>A run of %n worker(s) under %1 supervision, seed %2.</source>
        <extracomment>%1 is the strategy as written in files (&quot;one-for-one&quot;), %2 the seed.</extracomment>
        <translation>
            <numerusform>A run of %n worker under %1 supervision, seed %2.</numerusform>
            <numerusform>A run of %n workers under %1 supervision, seed %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>A run of %n worker(s) under a tree of %1 supervisors, seed %2: %3. Each decides with its own strategy and intensity.</source>
        <extracomment>%1 is the number of supervisors (two or more), %2 the seed, %3 each supervisor with its strategy and intensity (&quot;app is one-for-one (at most 5 restart(s) within 60 s), pool is ...&quot;).</extracomment>
        <translation>
            <numerusform>A run of %n worker under a tree of %1 supervisors, seed %2: %3. Each decides with its own strategy and intensity.</numerusform>
            <numerusform>A run of %n workers under a tree of %1 supervisors, seed %2: %3. Each decides with its own strategy and intensity.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExplorationReport</name>
    <message numerus="yes">
        <source>%n worker(s)</source>
        <translation>
            <numerusform>%n worker</numerusform>
            <numerusform>%n workers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n seed(s)</source>
        <translation>
            <numerusform>%n seed</numerusform>
            <numerusform>%n seeds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1; %n runs in %2 on %3.</source>
        <translation>
            <numerusform>%1; %n run in %2 on %3.</numerusform>
            <numerusform>%1; %n runs in %2 on %3.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n thread(s)</source>
        <translation>
            <numerusform>%n thread</numerusform>
            <numerusform>%n threads</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The workload has %n shared dependency(ies) (see its spec).</source>
        <translation>
            <numerusform>The workload has %n shared dependency (see its spec).</numerusform>
            <numerusform>The workload has %n shared dependencies (see its spec).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExplorerPanel</name>
    <message numerus="yes">
        <source>%n seed(s)</source>
        <translation>
            <numerusform>%n seed</numerusform>
            <numerusform>%n seeds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n policy(ies)</source>
        <translation>
            <numerusform>%n policy</numerusform>
            <numerusform>%n policies</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HeadlessRunner</name>
    <message numerus="yes">
        <source>This log breaks %n rule(s) that every run keeps:</source>
        <extracomment>Followed by the rules broken, one a line.</extracomment>
        <translation>
            <numerusform>This log breaks %n rule that every run keeps:</numerusform>
            <numerusform>This log breaks %n rules that every run keeps:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n runs</source>
        <translation>
            <numerusform>%1 of %n run</numerusform>
            <numerusform>%1 of %n runs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>exploration cancelled after %1 of %n runs; nothing written</source>
        <translation>
            <numerusform>exploration cancelled after %1 of %n run; nothing written</numerusform>
            <numerusform>exploration cancelled after %1 of %n runs; nothing written</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Narrator</name>
    <message numerus="yes">
        <source>%n failure(s)</source>
        <extracomment>Part of &quot;Done: ... (%1, %2).&quot;</extracomment>
        <translation>
            <numerusform>%n failure</numerusform>
            <numerusform>%n failures</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n completion(s)</source>
        <extracomment>Part of &quot;Done: ... (%1, %2).&quot;</extracomment>
        <translation>
            <numerusform>%n completion</numerusform>
            <numerusform>%n completions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Done: the worker was restarted %n time(s) (%1, %2).</source>
        <extracomment>%1 is &quot;N failure(s)&quot;, %2 &quot;N completion(s)&quot;.</extracomment>
        <translation>
            <numerusform>Done: the worker was restarted %n time (%1, %2).</numerusform>
            <numerusform>Done: the worker was restarted %n times (%1, %2).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Done: workers were restarted %n time(s) (%1, %2).</source>
        <extracomment>%1 is &quot;N failure(s)&quot;, %2 &quot;N completion(s)&quot;.</extracomment>
        <translation>
            <numerusform>Done: workers were restarted %n time (%1, %2).</numerusform>
            <numerusform>Done: workers were restarted %n times (%1, %2).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Run: %n worker(s), %1, seed %2.</source>
        <extracomment>%1 is the strategy as written in files (&quot;one-for-one&quot;), %2 the seed.</extracomment>
        <translation>
            <numerusform>Run: %n worker, %1, seed %2.</numerusform>
            <numerusform>Run: %n workers, %1, seed %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Run: %n worker(s) under %1 supervisors (%2), seed %3.</source>
        <extracomment>%1 is the number of supervisors (two or more), %2 each with its strategy (&quot;app one-for-one, pool one-for-all&quot;), %3 the seed.</extracomment>
        <translation>
            <numerusform>Run: %n worker under %1 supervisors (%2), seed %3.</numerusform>
            <numerusform>Run: %n workers under %1 supervisors (%2), seed %3.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProgramConsent</name>
    <message numerus="yes">
        <source> … %1 (%n workers)</source>
        <extracomment>After the first worker&apos;s name: %1 is the last one&apos;s name, %n how many workers (3 or more) run the program</extracomment>
        <translation>
            <numerusform> … %1 (%n worker)</numerusform>
            <numerusform> … %1 (%n workers)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProgramOutput</name>
    <message numerus="yes">
        <source>[%n earlier line(s) not shown]</source>
        <extracomment>Before the last lines a program wrote: %n is how many lines before them are not shown</extracomment>
        <translation>
            <numerusform>[%n earlier line not shown]</numerusform>
            <numerusform>[%n earlier lines not shown]</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReplayBar</name>
    <message numerus="yes">
        <source>seed %1, %n worker(s), %2</source>
        <extracomment>A recording&apos;s summary: %1 is its seed, %n its number of workers, %2 its restart strategy as written in files (one_for_one…)</extracomment>
        <translation>
            <numerusform>seed %1, %n worker, %2</numerusform>
            <numerusform>seed %1, %n workers, %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n events</source>
        <extracomment>Continues a recording&apos;s summary: how many events it holds</extracomment>
        <translation>
            <numerusform>, %n event</numerusform>
            <numerusform>, %n events</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SupervisorLab::DistributionChart</name>
    <message numerus="yes">
        <source>%1: median %2 (p5 %3 – p95 %4) over %n seed(s)</source>
        <extracomment>One policy&apos;s box plot: %1 is its name, %2 the median, %3 and %4 the 5th and 95th percentiles, %n the seeds</extracomment>
        <translation>
            <numerusform>%1: median %2 (p5 %3 – p95 %4) over %n seed</numerusform>
            <numerusform>%1: median %2 (p5 %3 – p95 %4) over %n seeds</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SupervisorLab::ExplorerPanel</name>
    <message numerus="yes">
        <source>%1 × %2 in %3 on %n thread(s)</source>
        <extracomment>%1 is how many seeds, &quot;200 seeds&quot;; %2 how many policies, &quot;2 policies&quot;; %3 how long it took</extracomment>
        <translation>
            <numerusform>%1 × %2 in %3 on %n thread</numerusform>
            <numerusform>%1 × %2 in %3 on %n threads</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SupervisorLab::MainWindow</name>
    <message numerus="yes">
        <source>Replaying %n events from %1</source>
        <extracomment>%n is how many events the recording holds, %1 the file&apos;s path</extracomment>
        <translation>
            <numerusform>Replaying %n event from %1</numerusform>
            <numerusform>Replaying %n events from %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n events to %1</source>
        <extracomment>%n is how many events were exported, %1 the file&apos;s path</extracomment>
        <translation>
            <numerusform>Exported %n event to %1</numerusform>
            <numerusform>Exported %n events to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more: see the details</source>
        <extracomment>After the first programs of a run: %n is how many more there are</extracomment>
        <translation>
            <numerusform>… and %n more: see the details</numerusform>
            <numerusform>… and %n more: see the details</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SupervisorLab::NarrationPanel</name>
    <message numerus="yes">
        <source>… %n events passed over: too many to tell at this speed</source>
        <extracomment>%n is how many events were not told</extracomment>
        <translation>
            <numerusform>… %n event passed over: too many to tell at this speed</numerusform>
            <numerusform>… %n events passed over: too many to tell at this speed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SupervisorLab::PitfallsDialog</name>
    <message numerus="yes">
        <source>Seed %1 gives both workers the same fates until the ≠ rows. The lab&apos;s log checker finds %n broken rule(s) in the article&apos;s log and %2 in its own.</source>
        <extracomment>%1 is the seed; %2 how many broken rules the checker finds in the lab&apos;s own log</extracomment>
        <translation>
            <numerusform>Seed %1 gives both workers the same fates until the ≠ rows. The lab&apos;s log checker finds %n broken rule in the article&apos;s log and %2 in its own.</numerusform>
            <numerusform>Seed %1 gives both workers the same fates until the ≠ rows. The lab&apos;s log checker finds %n broken rules in the article&apos;s log and %2 in its own.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SupervisorLab::RestartRateChart</name>
    <message numerus="yes">
        <source>%1 – %2: %n restart(s); restart rate %3/s (the mean of the rate over the last second)</source>
        <extracomment>%1 and %2 are the bar&apos;s times, %3 its rate</extracomment>
        <translation>
            <numerusform>%1 – %2: %n restart; restart rate %3/s (the mean of the rate over the last second)</numerusform>
            <numerusform>%1 – %2: %n restarts; restart rate %3/s (the mean of the rate over the last second)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SupervisorLab::StatisticsModel</name>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n exception(s)</source>
        <translation>
            <numerusform>%n exception</numerusform>
            <numerusform>%n exceptions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hang(s)</source>
        <translation>
            <numerusform>%n hang</numerusform>
            <numerusform>%n hangs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n exit status(es)</source>
        <translation>
            <numerusform>%n exit status</numerusform>
            <numerusform>%n exit statuses</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n signal(s)</source>
        <translation>
            <numerusform>%n signal</numerusform>
            <numerusform>%n signals</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed start(s)</source>
        <translation>
            <numerusform>%n failed start</numerusform>
            <numerusform>%n failed starts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 running / %n failure(s)</source>
        <extracomment>The mean time between failures as its division: %1 is the running time, &quot;3.2 s&quot;</extracomment>
        <translation>
            <numerusform>%1 running / %n failure</numerusform>
            <numerusform>%1 running / %n failures</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The mean of %n recovery(ies) from a failure to the next start.</source>
        <translation>
            <numerusform>The mean of %n recovery from a failure to the next start.</numerusform>
            <numerusform>The mean of %n recoveries from a failure to the next start.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SupervisorLab::SupervisionTreeModel</name>
    <message numerus="yes">
        <source>gives up after %n restart(s) within %1 ms</source>
        <translation>
            <numerusform>gives up after %n restart within %1 ms</numerusform>
            <numerusform>gives up after %n restarts within %1 ms</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 was restarted %n time(s)</source>
        <extracomment>%1 is its name</extracomment>
        <translation>
            <numerusform>%1 was restarted %n time</numerusform>
            <numerusform>%1 was restarted %n times</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 was restarted %n time(s); it decided %2</source>
        <extracomment>%1 is its name, %n how often its parent restarted it, %2 the restarts of its children it decided</extracomment>
        <translation>
            <numerusform>%1 was restarted %n time; it decided %2</numerusform>
            <numerusform>%1 was restarted %n times; it decided %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n restart(s) of its children</source>
        <translation>
            <numerusform>%n restart of its children</numerusform>
            <numerusform>%n restarts of its children</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SupervisorLab::TimelineModel</name>
    <message numerus="yes">
        <source>gives up after %n restart(s) within %1</source>
        <translation>
            <numerusform>gives up after %n restart within %1</numerusform>
            <numerusform>gives up after %n restarts within %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n incarnation(s)</source>
        <translation>
            <numerusform>%n incarnation</numerusform>
            <numerusform>%n incarnations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n restart(s)</source>
        <translation>
            <numerusform>%n restart</numerusform>
            <numerusform>%n restarts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Collapsed: this lane stands for the %n lane(s) of its subtree (green where any of its workers runs, a mark for each failure). Click the triangle to expand it.</source>
        <translation>
            <numerusform>Collapsed: this lane stands for the %n lane of its subtree (green where any of its workers runs, a mark for each failure). Click the triangle to expand it.</numerusform>
            <numerusform>Collapsed: this lane stands for the %n lanes of its subtree (green where any of its workers runs, a mark for each failure). Click the triangle to expand it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>takes %n attempt(s) per %1 ms</source>
        <extracomment>%1 is a length of time in milliseconds</extracomment>
        <translation>
            <numerusform>takes %n attempt per %1 ms</numerusform>
            <numerusform>takes %n attempts per %1 ms</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n outage(s)</source>
        <translation>
            <numerusform>%n outage</numerusform>
            <numerusform>%n outages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n start(s) turned away</source>
        <translation>
            <numerusform>%n start turned away</numerusform>
            <numerusform>%n starts turned away</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SupervisorLab::TimelineView</name>
    <message numerus="yes">
        <source>%n restart(s)</source>
        <translation>
            <numerusform>%n restart</numerusform>
            <numerusform>%n restarts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failure(s)</source>
        <translation>
            <numerusform>%n failure</numerusform>
            <numerusform>%n failures</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n completion(s)</source>
        <translation>
            <numerusform>%n completion</numerusform>
            <numerusform>%n completions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Restart intensity at %1: %n restart(s) decided within the last %2 (%3)</source>
        <extracomment>%1 a time, %2 a length of time (the intensity window), %3 the limit (&quot;limit: at most 3 within 5 s&quot;)</extracomment>
        <translation>
            <numerusform>Restart intensity at %1: %n restart decided within the last %2 (%3)</numerusform>
            <numerusform>Restart intensity at %1: %n restarts decided within the last %2 (%3)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SupervisorLab::WorkerDetailPanel</name>
    <message numerus="yes">
        <source>#%1 (%n restart(s) before it)</source>
        <translation>
            <numerusform>#%1 (%n restart before it)</numerusform>
            <numerusform>#%1 (%n restarts before it)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n start(s)</source>
        <translation>
            <numerusform>%n start</numerusform>
            <numerusform>%n starts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failure(s)</source>
        <translation>
            <numerusform>%n failure</numerusform>
            <numerusform>%n failures</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n completion(s)</source>
        <translation>
            <numerusform>%n completion</numerusform>
            <numerusform>%n completions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n stopped</source>
        <translation>
            <numerusform>%n stopped</numerusform>
            <numerusform>%n stopped</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TeachingWarnings</name>
    <message numerus="yes">
        <source>Restart storm: %n restarts decided in the last second. A restart delay or backoff would slow it down.</source>
        <translation>
            <numerusform>Restart storm: %n restart decided in the last second. A restart delay or backoff would slow it down.</numerusform>
            <numerusform>Restart storm: %n restarts decided in the last second. A restart delay or backoff would slow it down.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n restart(s) used in the last %2</source>
        <extracomment>%1 is how many restarts were decided, %n the most allowed, %2 a duration (&quot;5 s&quot;).</extracomment>
        <translation>
            <numerusform>%1 of %n restart used in the last %2</numerusform>
            <numerusform>%1 of %n restarts used in the last %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 is flapping: %n failures in 10 s, each within 1 s of starting.</source>
        <extracomment>%1 is the worker (&quot;Worker 2&quot;); %n is three or more.</extracomment>
        <translation>
            <numerusform>%1 is flapping: %n failure in 10 s, each within 1 s of starting.</numerusform>
            <numerusform>%1 is flapping: %n failures in 10 s, each within 1 s of starting.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimelineAccessible</name>
    <message numerus="yes">
        <source>And %n more lane(s).</source>
        <translation>
            <numerusform>And %n more lane.</numerusform>
            <numerusform>And %n more lanes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimelinePainter</name>
    <message numerus="yes">
        <source>%n restart(s) decided in the last %1 · %2</source>
        <extracomment>The restart intensity band: %1 is the window&apos;s length (&quot;5 s&quot;), %2 the limit (&quot;limit 3&quot;, &quot;no limit&quot;)</extracomment>
        <translation>
            <numerusform>%n restart decided in the last %1 · %2</numerusform>
            <numerusform>%n restarts decided in the last %1 · %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimelinePicture</name>
    <message numerus="yes">
        <source>%n worker(s)</source>
        <translation>
            <numerusform>%n worker</numerusform>
            <numerusform>%n workers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more worker(s), %1 to %2, not shown</source>
        <extracomment>Under the lanes of a picture with too many to show; %1 and %2 are the first and last lane left out</extracomment>
        <translation>
            <numerusform>… and %n more worker, %1 to %2, not shown</numerusform>
            <numerusform>… and %n more workers, %1 to %2, not shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WarningBar</name>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 and %n more</numerusform>
            <numerusform>%1 and %n more</numerusform>
        </translation>
    </message>
</context>
</TS>
