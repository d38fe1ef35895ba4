// First: its module marks when the bundle starts to run (lib/startup.ts).
import './lib/bundleStart';
import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { startupPhase } from './lib/startup';

// Before the first render: the font stack depends on it (app.css, `:root.linux`).
if (/Linux/.test(navigator.userAgent) && !/Android/.test(navigator.userAgent))
  document.documentElement.classList.add('linux');

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');

function start(drive?: () => void) {
  // Every module has been evaluated (the components and their styles, the runtime).
  startupPhase('evaluated');
  mount(App, { target: target as HTMLElement });
  startupPhase('mounted');
  drive?.();
}

// `vite build --mode mock`: a mocked Tauri for browsers (see src/mock). The production build drops this
// branch and the mock with it (checked by .ci/chromium).
if (import.meta.env.MODE === 'mock')
  void import('./mock/install').then((m) => start(m.installMock()));
else start();
