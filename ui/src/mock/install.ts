// The mock build's Tauri: `window.__TAURI_INTERNALS__` mocked from the typed IPC contract, answering as
// the scenario named in the URL hash (`#01-what-you-need`), which then drives the UI to its screen.
// Never part of the production build (main.ts imports it only in `--mode mock`).
import { mockCommands } from '../test/ipc';
import { SCENARIOS } from './scenarios';

export function installMock(): () => void {
  const name = decodeURIComponent(location.hash.slice(1)) || '01-what-you-need';
  const scenario = SCENARIOS[name];
  if (!scenario) throw new Error(`unknown mock scenario ${name}`);
  document.body.dataset.scenarios = Object.keys(SCENARIOS).join(' ');
  mockCommands(scenario.handlers);
  return () => {
    const started = Date.now();
    const ready = setInterval(() => {
      if (document.body.dataset.ready !== 'true' && Date.now() - started < 5000) return;
      clearInterval(ready);
      scenario
        .drive()
        .then(() => (document.body.dataset.screen = name))
        .catch((e: unknown) => (document.body.dataset.screenError = String(e)));
    }, 20);
  };
}
