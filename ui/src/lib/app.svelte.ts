// What the whole window shares, provided by App.svelte through context (not module state, so every
// test renders with its own): the organisation's managed values, the live announcements, and Rust's
// one-Test-at-a-time queue. Components take it with `useApp()`; a component test passes `appContext()`.
import { getContext, setContext } from 'svelte';
import type { DefaultPolicyKey, Policy } from './bindings';

export class AppState {
  /** The organisation's managed values (from Rust's AppInfo). Rust enforces them; the UI shows them. */
  policy = $state<Policy | null>(null);
  /** The text of the one polite live region (results, errors, saves). */
  liveMessage = $state('');
  /** Resolves when the last Test started here has ended. */
  private lastTest: Promise<unknown> = Promise.resolve();

  constructor(policy: Policy | null = null) {
    this.policy = policy;
  }

  /** Says `message` in the live region. */
  announce = (message: string): void => {
    // Clearing first makes screen readers repeat an identical message.
    this.liveMessage = '';
    queueMicrotask(() => {
      this.liveMessage = message;
    });
  };

  /** The managed value of a ticket default, when the organisation sets one. */
  managedDefault = (key: DefaultPolicyKey): number | undefined => this.policy?.keys[key];

  /** Whether the opt-in test ticket may be offered here. */
  testTicketAllowed = (): boolean => this.policy?.keys.OfferTestTicket !== false;

  /** Where the managed values come from, for the admin (e.g. the registry key). */
  policySource = (): string | null => this.policy?.source ?? null;

  /** Runs `test` once the Test before it has ended: Rust runs one at a time (e.g. one a closed panel stopped). */
  queueTest<T>(test: () => Promise<T>): Promise<T> {
    const run = this.lastTest.then(test);
    this.lastTest = run.catch(() => undefined);
    return run;
  }
}

const key = Symbol('app');

/** Makes `app` the shared state of the component calling this and of its children (App.svelte). */
export function provideApp(app: AppState): AppState {
  return setContext(key, app);
}

/** The shared state; throws outside App (a component test renders with `context: appContext()`). */
export function useApp(): AppState {
  const app = getContext<AppState | undefined>(key);
  if (!app) throw new Error('No AppState: render inside App, or pass `context: appContext()`.');
  return app;
}

/** The context App would provide, for rendering one component in a test. */
// eslint-disable-next-line svelte/prefer-svelte-reactivity -- mount's context map, not state
export const appContext = (app = new AppState()) => new Map([[key, app]]);
