// The same report as the app's (ui/src/lib/startup.ts): script start, then the first frame.
// Deferred like the app's module script, so "script" means the same moment in both.
const script = performance.now();
document.body.dataset.ready = 'true';
requestAnimationFrame(() => {
  window.__TAURI_INTERNALS__.invoke('ui_ready').then((timing) => {
    const ui = [{ name: 'script', ms: script }];
    for (const paint of performance.getEntriesByType('paint'))
      ui.push({ name: paint.name, ms: paint.startTime });
    ui.sort((a, b) => a.ms - b.ms);
    const origin = timing.readyMs - performance.now();
    document.body.dataset.startup = JSON.stringify({ rust: timing.phases, ui, origin });
    document.body.dataset.readyMs = String(timing.readyMs);
  });
});
