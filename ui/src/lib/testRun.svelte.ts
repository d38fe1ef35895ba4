// One connection Test as state: the checks as they arrive, the report or failure, the propagation
// countdown, stop and copy. Its owner (TestStep, ResetFlow, StatusScreen) creates it and starts it;
// TestPanel shows it, and stops it when the panel closes (a Test belongs to the panel showing it).
import { untrack } from 'svelte';
import { api, toIpcError } from './api';
import type { AppState } from './app.svelte';
import type {
  Check,
  CheckId,
  IpcError,
  TestEvent,
  TestReport,
  TestRequest,
  TestTarget,
} from './bindings';

export type TestRunOptions = {
  /** What to test; null when there is nothing to test (the owner says why). */
  request: () => Omit<TestRequest, 'waitForPropagation'> | null;
  /** Every outcome, even of a Test whose panel has closed: Rust's state follows it. */
  onResult?: (report: TestReport) => void | Promise<void>;
  /** A result to show from the start (a passing Test of the same credentials). */
  initial?: TestReport | null;
  /** What is being tested; a result is hidden (and a running Test stopped) once it changes. */
  key?: () => string;
  /** What is tested is not saved yet (wizard, Reset credentials): a pass says it passed, not "connected". */
  unsaved?: boolean;
};

type Waiting = { attempt: number; next: number; remaining: number };

// The zone lookup is the check that waits for a new API user to propagate.
const ZONE_CHECK: CheckId = 'zone';

// A stop is no failure: the check it interrupted reads as not run, like the ones after it.
const unfinished = (c: Check): Check =>
  c.status === 'fail' || c.status === 'running'
    ? { ...c, status: 'skipped', message: 'Not run: the test was stopped.' }
    : c;

/** A passing Test's headline: Rust's "Connected to Autotask (host) — tenant", unless nothing is saved yet. */
export function outcomeLine(r: TestReport, unsaved: boolean): string {
  if (!r.ok || !unsaved) return r.message;
  const where = r.zone ? ` (${r.zone.host})` : '';
  const tenant = r.tenant?.name ? ` — ${r.tenant.name}` : '';
  return `Test passed: Autotask accepted these credentials${where}${tenant}. Not saved yet.`;
}

/** What the live region says about a finished Test. */
const said = (r: TestReport, unsaved: boolean) =>
  r.ok
    ? outcomeLine(r, unsaved)
    : r.error?.code === 'cancelled'
      ? 'Test stopped.'
      : (r.error?.message ?? r.message);

export class TestRun {
  checks = $state<Check[]>([]);
  report = $state<TestReport | null>(null);
  failure = $state<IpcError | null>(null);
  /** A failed stop or copy. */
  actionError = $state<IpcError | null>(null);
  waiting = $state<Waiting | null>(null);
  copied = $state(false);
  running = $state(false);
  /** Counts finished Tests, so the panel can bring each outcome into view. */
  finished = $state(0);
  /** What is tested is not saved yet. */
  readonly unsaved: boolean;
  /** The key the shown result is about. */
  private shownFor = $state('');
  /** The result on show still describes what is being tested. */
  current = $derived(this.shownFor === this.key());
  /** False once the panel has closed: nothing more is announced. */
  private attached = true;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly app: AppState,
    private readonly options: TestRunOptions,
  ) {
    this.checks = options.initial?.checks ?? [];
    this.report = options.initial ?? null;
    this.shownFor = untrack(() => this.key());
    this.unsaved = options.unsaved ?? false;
  }

  private key(): string {
    return this.options.key?.() ?? '';
  }

  /** Whether a failed Test's support bundle should be offered (a stopped one is no failure). */
  get failed(): boolean {
    const r = this.report;
    return (
      this.current && !this.running && (r ? !r.ok && r.error?.code !== 'cancelled' : !!this.failure)
    );
  }

  /** What a Test would be about now (null when there is nothing to test). */
  target(): TestTarget | null {
    return this.options.request()?.target ?? null;
  }

  /** `retryRejected`: the admin confirmed sending credentials Autotask rejected (Rust allows it once). */
  async start(waitForPropagation = false, retryRejected = false): Promise<void> {
    if (this.running) return;
    const base = this.options.request();
    if (!base) return;
    this.reset();
    this.app.announce('Testing the connection…');
    const request = {
      ...base,
      waitForPropagation,
      retryRejected: retryRejected || (base.retryRejected ?? false),
    };
    try {
      const result = await this.app.queueTest(() => api.startTest(request, (e) => this.onEvent(e)));
      // An owner's async follow-up (the status re-read) completes before the result shows; a
      // synchronous one does not yield (its changes must not look like a change mid-Test).
      const followUp = this.options.onResult?.(result);
      if (followUp) await followUp;
      this.report = result;
      // The report's checks are the final word (e.g. the ones a stop left unrun).
      if (result.checks.length)
        this.checks =
          result.error?.code === 'cancelled' ? result.checks.map(unfinished) : result.checks;
      this.shownFor = this.key();
      if (this.attached) this.app.announce(said(result, this.unsaved));
    } catch (error) {
      this.failure = toIpcError(error);
      if (this.attached) this.app.announce(this.failure.message);
    } finally {
      this.running = false;
      this.waiting = null;
      this.stopTimer();
    }
    this.finished++;
  }

  private reset() {
    this.running = true;
    this.checks = [];
    this.report = null;
    this.failure = null;
    this.actionError = null;
    this.waiting = null;
    this.copied = false;
    this.shownFor = this.key();
  }

  private onEvent(event: TestEvent) {
    if (event.kind === 'check') {
      const i = this.checks.findIndex((c) => c.id === event.check.id);
      if (i === -1) this.checks.push(event.check);
      else this.checks[i] = event.check;
      if (event.check.id === ZONE_CHECK && event.check.status !== 'running') this.waiting = null;
      return;
    }
    this.waiting = {
      attempt: event.attempt,
      next: event.nextAttemptInSeconds,
      remaining: event.remainingSeconds,
    };
    this.stopTimer();
    this.timer = setInterval(() => {
      const w = this.waiting;
      if (w && w.next > 0)
        this.waiting = { ...w, next: w.next - 1, remaining: Math.max(0, w.remaining - 1) };
    }, 1000);
  }

  private stopTimer() {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async cancel(): Promise<void> {
    this.actionError = null;
    try {
      // Rust may not have begun the Test yet (the request is in flight): ask again until it has.
      for (let tries = 0; this.running && !(await api.cancelTest()) && tries < 20; tries++)
        await new Promise((r) => setTimeout(r, 100));
    } catch (e) {
      this.actionError = toIpcError(e);
      this.app.announce(this.actionError.message);
    }
  }

  async copyDetails(): Promise<void> {
    if (!this.report) return;
    this.actionError = null;
    try {
      await navigator.clipboard.writeText(this.report.details);
      this.copied = true;
    } catch {
      this.actionError = {
        code: 'internal',
        message: 'The details could not be copied to the clipboard.',
        remediation: 'Allow clipboard access, or note the message and code shown above.',
      };
    }
  }

  /** The panel closed: a running Test stops, and nothing more is announced. */
  detach(): void {
    this.attached = false;
    this.stopTimer();
    if (this.running) void this.cancel();
  }
}
