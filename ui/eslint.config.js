// ESLint for the UI (npm run lint; .ci/test runs it): the recommended sets of ESLint, typescript-eslint
// and eslint-plugin-svelte. Layout is Prettier's job, so eslint-config-prettier turns off the rules
// that would fight it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
  // Build output and the file generated from Rust (ts-rs) are not linted.
  { ignores: ['dist/', 'dist-mock/', 'src/lib/bindings.ts'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  { languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  {
    // TypeScript inside .svelte and .svelte.ts files (runes modules).
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
);
