// Start-up phases for the benchmark (.ci/bench): what the UI waits for before its first screen,
// in page time. The empty window that is the benchmark's floor reports the same way
// (src-tauri/bench/empty-ui/ready.js).
import { api } from './api';
import type { StartupPhase } from './bindings';

// Module evaluation: the bundle has been fetched and parsed.
const ui: StartupPhase[] = [{ name: 'script', ms: performance.now() }];

export function startupPhase(name: string) {
  ui.push({ name, ms: performance.now() });
}

/** Rust timestamps the first frame against the process start; `origin` puts page time on that clock. */
export function reportFirstFrame() {
  requestAnimationFrame(() => {
    api
      .uiReady()
      .then((timing) => {
        const origin = timing.readyMs - performance.now();
        document.body.dataset.startup = JSON.stringify({ rust: timing.phases, ui, origin });
        document.body.dataset.readyMs = String(timing.readyMs);
      })
      // A failure here concerns no admin, so it stays silent.
      .catch(() => undefined);
  });
}
