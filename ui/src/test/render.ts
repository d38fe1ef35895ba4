// Renders one component as App would: inside its own AppState, which the test gets back to inspect
// or to share between renders (e.g. Rust's one-Test-at-a-time queue).
import { render } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { AppState, appContext } from '../lib/app.svelte';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any props, as render takes
export function renderInApp<P extends Record<string, any>>(
  component: Component<P>,
  props: NoInfer<P>,
  app = new AppState(),
) {
  // The mount options' props type is not generic over P in testing-library's types.
  const options = { props, context: appContext(app) } as Parameters<typeof render>[1];
  return { app, ...render(component, options) };
}
