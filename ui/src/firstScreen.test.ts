import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { appInfo, configured, notConfigured } from './test/fixtures';
import { mockCommands } from './test/ipc';
import type { FirstScreen } from './lib/bindings';

const GLOBAL = '__VECTIS_FIRST_SCREEN__';

function handOver(first: FirstScreen) {
  Object.defineProperty(window, GLOBAL, { value: first, configurable: true });
}

afterEach(() => {
  delete (window as unknown as Record<string, unknown>)[GLOBAL];
  sessionStorage.clear();
});

describe('the first screen Rust hands over (src-tauri/src/first_screen.rs)', () => {
  it('renders without an IPC round trip, and a reloaded page asks instead', async () => {
    handOver({ info: appInfo, status: notConfigured });
    const given = mockCommands({});
    const page = render(App);
    await screen.findByRole('heading', { name: "What you'll need" });
    expect(given.called('app_info')).toBe(false);
    expect(given.called('connection_status')).toBe(false);
    page.unmount();

    // The handed-over data is the moment the process started: after a Save and a reload it
    // would show the wizard again, so the page asks.
    const asked = mockCommands({ app_info: () => appInfo, connection_status: () => configured });
    render(App);
    expect(await screen.findByTestId('status-username')).toHaveTextContent('key@msp.com');
    expect(asked.called('connection_status')).toBe(true);
  });

  it('asks for what it left out (demo mode: the simulator states the demo credentials)', async () => {
    handOver({ info: null, status: notConfigured });
    const ipc = mockCommands({ app_info: () => appInfo });
    render(App);
    await screen.findByRole('heading', { name: "What you'll need" });
    expect(ipc.called('app_info')).toBe(true);
    expect(ipc.called('connection_status')).toBe(false);
  });

  // An image, an SVG above all, is a second document WebKit loads and lays out before the first
  // frame (docs/benchmarks.md): the first screens draw their mark inline.
  it.each([
    ['the wizard', notConfigured],
    ['the status screen', configured],
  ])('%s loads no image', async (_, status) => {
    handOver({ info: appInfo, status });
    mockCommands({});
    const page = render(App);
    await screen.findByRole('heading', { level: 1 });
    expect(page.container.querySelector('img, image, object, embed, iframe')).toBeNull();
    expect(page.container.querySelector('header svg')).not.toBeNull();
  });
});
