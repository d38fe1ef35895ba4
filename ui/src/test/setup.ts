import '@testing-library/jest-dom/vitest';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeAll } from 'vitest';
import { cleanup } from '@testing-library/svelte';
import '../components/screens';
import { preloadAll } from '../lib/lazy.svelte';

// The app loads these chunks right after its first frame; tests start from that state.
beforeAll(() => preloadAll());

afterEach(() => {
  cleanup();
  clearMocks();
});
