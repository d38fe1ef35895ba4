// Start-up phases for the benchmark (.ci/bench): what the UI does before its first screen, in page
// time. The empty window that is the benchmark's floor reports the same way
// (src-tauri/bench/empty-ui/ready.js).
import { api } from './api';
import type { StartupPhase } from './bindings';
import { bundleStart } from './bundleStart';

// The bundle has been fetched and parsed and starts to run (its first module, see main.ts).
const ui: StartupPhase[] = [{ name: 'script', ms: bundleStart }];

export function startupPhase(name: string) {
  ui.push({ name, ms: performance.now() });
}

/**
 * Reports the first frame from its animation frame: Rust timestamps it against the process start,
 * and `origin` puts page time on that clock. Resolves once reported (never rejects), so work the
 * first screen does not need can wait for it.
 */
export function reportFirstFrame(): Promise<void> {
  return new Promise((done) =>
    requestAnimationFrame(() => {
      startupPhase('animation frame');
      api
        .uiReady()
        .then((timing) => {
          // Page time 0 on the process clock: both clocks are read against the wall clock.
          const origin = performance.timeOrigin - timing.startedEpochMs;
          // The HTML's arrival splits the page's load from the bundle's.
          for (const nav of performance.getEntriesByType('navigation'))
            ui.push({ name: 'html', ms: (nav as PerformanceNavigationTiming).responseEnd });
          // The browser's own paint marks, where it has them: how long painting took.
          for (const paint of performance.getEntriesByType('paint'))
            ui.push({ name: paint.name, ms: paint.startTime });
          ui.sort((a, b) => a.ms - b.ms);
          document.body.dataset.startup = JSON.stringify({ rust: timing.phases, ui, origin });
          document.body.dataset.readyMs = String(timing.readyMs);
        })
        // A failure here concerns no admin, so it stays silent.
        .catch(() => undefined)
        .finally(done);
    }),
  );
}
