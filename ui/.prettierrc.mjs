// Prettier for the UI (npm run format / format:check; .ci/test runs the check).
/** @type {import('prettier').Config} */
export default {
  // 100, not Prettier's 80: Svelte markup nests attributes deeply and the code was written to
  // about this width; 80 would wrap most component lines and hide the structure.
  printWidth: 100,
  // The code already used single quotes; keeping them keeps the reformat to layout only.
  singleQuote: true,
  // Formats .svelte files (script, markup and style blocks).
  plugins: ['prettier-plugin-svelte'],
  overrides: [{ files: '*.svelte', options: { parser: 'svelte' } }],
};
