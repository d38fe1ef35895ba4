// The wizard's credentials in one place: what the admin typed, what Rust said about it,
// and whether Rust holds the credentials of a passing Test (then the webview drops its copy of the secret).
import { api } from './api';
import { isCredentialField } from './fields';
import type { CredentialsInput, Field, IpcError, Notice, TestReport, TestTarget } from './bindings';

/** The fields a passing Test used (trimmed), and its report. */
type Tested = { report: TestReport; integrationCode: string; username: string; zoneUrl: string };

const blank = (): CredentialsInput => ({
  integrationCode: '',
  username: '',
  secret: '',
  zoneUrl: undefined,
});

export class Credentials {
  input = $state<CredentialsInput>(blank());
  errors = $state<IpcError[]>([]);
  notices = $state<Notice[]>([]);
  /** The zone URL field is shown: the admin opened it, or an error or the Test points at it. */
  zoneUrlOpen = $state(false);
  /** The user name of a keychain entry found without settings, tested as it is (Rust reads it). */
  found = $state<string | null>(null);
  /** Set by a passing Test; a failing one clears it, as Rust then drops what it held. */
  tested = $state<Tested | null>(null);
  /** The fields as Rust checked them: its errors and notices stand only while a field still reads so. */
  private checked = $state<CredentialsInput | null>(null);
  /** The notices Next already stopped for (field and message). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a record Next reads, not state
  private noticesSeen = new Set<string>();

  constructor(initial?: CredentialsInput) {
    if (initial) this.input = { ...initial };
  }

  /** Rust holds a tested secret and the admin has not typed a new one. */
  get secretHeld(): boolean {
    return this.tested !== null && !this.input.secret;
  }

  /** The passing Test still describes what is on screen, so it need not run again. */
  get testStillValid(): boolean {
    const t = this.tested;
    const now = this.trimmed();
    return (
      t !== null &&
      !this.input.secret &&
      t.integrationCode === now.integrationCode &&
      t.username === now.username &&
      t.zoneUrl === now.zoneUrl
    );
  }

  /** The field reads as it did when Rust checked it (spaces aside). */
  private unchanged(field: Field): boolean {
    if (!isCredentialField(field)) return true;
    return (this.input[field] ?? '').trim() === (this.checked?.[field] ?? '').trim();
  }

  errorFor = (field: Field) => this.errors.find((e) => e.field === field && this.unchanged(field));
  noticeFor = (field: Field) =>
    this.notices.find((n) => n.field === field && this.unchanged(n.field));
  /** The notices that still describe the fields on screen. */
  get currentNotices(): Notice[] {
    return this.notices.filter((n) => this.unchanged(n.field));
  }

  /** True when a notice Next has not stopped for yet is on screen, so Next stops once to show them
   *  all before the Test. The trims applied at that stop leave fewer notices, never new ones (L4). */
  newNotices(): boolean {
    const keys = this.currentNotices.map((n) => `${n.field}\n${n.message}`);
    const fresh = keys.some((k) => !this.noticesSeen.has(k));
    for (const k of keys) this.noticesSeen.add(k);
    return fresh;
  }

  /** What a Test would be about (a passing Test clears the secret after it is keyed). */
  key(): string {
    const t = this.trimmed();
    return JSON.stringify([
      t.integrationCode,
      t.username,
      t.zoneUrl,
      this.input.secret,
      this.found,
    ]);
  }

  /** Fills in other credentials (the demo's) without leaving the wizard's place. */
  fill(input: CredentialsInput): void {
    this.input = { ...input };
    this.errors = [];
    this.notices = [];
  }

  /** Asks Rust to check the fields; on success keeps them trimmed as Rust will use them. Throws an IpcError. */
  async validate(): Promise<boolean> {
    const report = await api.validate({ ...this.input });
    this.checked = { ...this.input };
    this.errors = report.errors;
    this.notices = report.notices;
    if (report.errors.some((e) => e.field === 'zoneUrl')) this.zoneUrlOpen = true;
    if (!report.ok) return false;
    // As Rust will use them, the secret included: a notice that says spaces were removed is true
    // on screen, and the next check finds nothing new to stop for.
    const t = this.trimmed();
    this.input.integrationCode = t.integrationCode;
    this.input.username = t.username;
    this.input.secret = this.input.secret.trim();
    this.input.zoneUrl = t.zoneUrl || undefined;
    this.checked = { ...this.input };
    return true;
  }

  /** Tests the keychain entry found without settings instead of typed credentials. */
  useFound(username: string): void {
    this.found = username;
    this.input = { ...blank(), username };
  }

  /** What the Test step tests: the typed credentials, or null when only the held secret could be used. */
  testTarget(): TestTarget | null {
    if (this.secretHeld) return null;
    if (this.found && !this.input.secret && !this.input.integrationCode) return { kind: 'found' };
    return { kind: 'new', credentials: { ...this.input } };
  }

  recordTest(report: TestReport): void {
    if (!report.ok) {
      this.tested = null;
      return;
    }
    this.tested = { report, ...this.trimmed() };
    this.input.secret = '';
  }

  private trimmed() {
    return {
      integrationCode: this.input.integrationCode.trim(),
      username: this.input.username.trim(),
      zoneUrl: this.input.zoneUrl?.trim() ?? '',
    };
  }
}
