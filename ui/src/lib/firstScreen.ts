// The first screen's data, handed over by Rust before this script runs (src-tauri/src/first_screen.rs),
// so the first frame waits on no IPC round trip. Read once per window: it describes the moment
// the process started, so a reloaded page asks over IPC instead.
import type { FirstScreen } from './bindings';

const GLOBAL = '__VECTIS_FIRST_SCREEN__';
const TAKEN = 'vectis-first-screen-taken';

export function takeFirstScreen(): FirstScreen {
  const given = (window as unknown as Record<string, FirstScreen | undefined>)[GLOBAL];
  const none: FirstScreen = { info: null, status: null };
  if (!given) return none;
  try {
    if (sessionStorage.getItem(TAKEN)) return none;
    sessionStorage.setItem(TAKEN, '1');
  } catch {
    return none;
  }
  return given;
}
