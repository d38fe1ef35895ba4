import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { viteSingleFile } from 'vite-plugin-singlefile';

// `--mode mock` builds the UI with a mocked Tauri into dist-mock, for browsers (see src/mock).
export default defineConfig(({ mode }) => ({
  // The app's build is one index.html with its script and styles inline: WebKitGTK reads a
  // custom-scheme response 8 KB per main-loop turn, so each file and kilobyte fetched is time
  // before the first frame (issue 27, docs/benchmarks.md). The browser build keeps its files.
  plugins: [svelte(), svelteTesting(), ...(mode === 'mock' ? [] : [viteSingleFile()])],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: mode === 'mock' ? 'es2022' : 'safari15',
    outDir: mode === 'mock' ? 'dist-mock' : 'dist',
    emptyOutDir: true,
    // One chunk and no preload links: the polyfill would be dead code run at every start.
    modulePreload: { polyfill: false },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.ts'],
  },
}));
