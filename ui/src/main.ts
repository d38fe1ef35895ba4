import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');

function start(drive?: () => void) {
  mount(App, { target: target as HTMLElement });
  drive?.();
}

// `vite build --mode mock`: a mocked Tauri for browsers (see src/mock). The production build drops this
// branch and the mock with it (checked by .ci/chromium).
if (import.meta.env.MODE === 'mock')
  void import('./mock/install').then((m) => start(m.installMock()));
else start();
