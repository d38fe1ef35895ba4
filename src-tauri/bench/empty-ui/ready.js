// The same report as the app's (ui/src/lib/startup.ts): script start, then the first frame.
// Deferred like the app's module script, so "script" means the same moment in both.
const script = performance.now();
document.body.dataset.ready = 'true';
requestAnimationFrame(() => {
  const frame = performance.now();
  window.__TAURI_INTERNALS__.invoke('ui_ready').then((timing) => {
    const ui = [
      { name: 'script', ms: script },
      { name: 'animation frame', ms: frame },
    ];
    for (const nav of performance.getEntriesByType('navigation'))
      ui.push({ name: 'html', ms: nav.responseEnd });
    for (const paint of performance.getEntriesByType('paint'))
      ui.push({ name: paint.name, ms: paint.startTime });
    ui.sort((a, b) => a.ms - b.ms);
    const origin = performance.timeOrigin - timing.startedEpochMs;
    document.body.dataset.startup = JSON.stringify({ rust: timing.phases, ui, origin });
    document.body.dataset.readyMs = String(timing.readyMs);
  });
});
