// Loads Chrome traces with the trace engine of Chrome DevTools' Performance panel (@paulirish/trace_engine, the
// panel's own parser published on npm) and checks that it finds every restart flow the file holds, each from the
// failure's point on the failing worker's track to the restart's point on the restarted worker's.
//   node devtools-flows.mjs ENGINE_DIR TRACE.json...
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [engineDir, ...traces] = process.argv.slice(2);
const { analyzeEvents } = await import(pathToFileURL(path.join(engineDir, 'analyze-trace.mjs')).href);

let failed = false;
for (const trace of traces) {
    const events = JSON.parse(fs.readFileSync(trace, 'utf8')).traceEvents;
    const starts = new Map(events.filter(e => e.ph === 's').map(e => [e.id, e]));
    const ends = new Map(events.filter(e => e.ph === 'f').map(e => [e.id, e]));
    // DevTools keys a flow's events by time, so a flow that begins and ends at one point of one track is none.
    const expected = [...starts.values()].filter(s => {
        const f = ends.get(s.id);
        return f && !(f.ts === s.ts && f.tid === s.tid && f.pid === s.pid);
    });
    const { parsedTrace } = await analyzeEvents(events);
    const flows = parsedTrace.data.Flows.flows;
    const problems = [];
    const found = new Set();
    for (const flow of flows) {
        const first = flow[0];
        const last = flow[flow.length - 1];
        const match = expected.find(s => !found.has(s.id) && s.ts === first.ts && s.tid === first.tid
            && s.pid === first.pid && ends.get(s.id).ts === last.ts && ends.get(s.id).tid === last.tid);
        if (!match) {
            problems.push(`a flow from ${first.name}@${first.ts} (tid ${first.tid}) to ${last.name}@${last.ts} `
                + `(tid ${last.tid}) that the file does not hold`);
            continue;
        }
        found.add(match.id);
    }
    for (const s of expected) {
        if (!found.has(s.id))
            problems.push(`flow ${s.id} (${s.ts} on tid ${s.tid} to ${ends.get(s.id).ts} on tid ${ends.get(s.id).tid}) `
                + 'not found by DevTools');
    }
    const name = path.basename(trace);
    if (problems.length > 0) {
        failed = true;
        console.log(`${name}: ${problems.length} problems; the first: ${problems.slice(0, 5).join('; ')}`);
    } else {
        console.log(`${name}: DevTools binds all ${found.size} flows (of ${starts.size} in the file)`);
    }
}
process.exit(failed ? 1 : 0);
