import { describe, expect, it } from 'vitest';
import { Credentials } from './credentials.svelte';
import { failedReport, okReport, validOk } from '../test/fixtures';
import { mockCommands } from '../test/ipc';

const typed = () =>
  new Credentials({
    integrationCode: ' CODE ',
    username: ' key@msp.com ',
    secret: 's3cret',
    zoneUrl: ' ',
  });

describe('Credentials', () => {
  it('validation keeps what Rust will use: trimmed fields, no blank zone URL', async () => {
    const ipc = mockCommands({ validate_credentials: () => validOk });
    const c = typed();
    expect(await c.validate()).toBe(true);
    // Rust sees the input as typed, so it can report what it trimmed.
    expect(ipc.argsOf('validate_credentials')[0]?.input.username).toBe(' key@msp.com ');
    expect(c.input).toEqual({
      integrationCode: 'CODE',
      username: 'key@msp.com',
      secret: 's3cret',
      zoneUrl: undefined,
    });
  });

  it('keeps errors and notices by field and opens the zone URL when it is blamed', async () => {
    mockCommands({
      validate_credentials: () => ({
        ok: false,
        errors: [{ code: 'invalid_input', message: 'Bad zone', remediation: '', field: 'zoneUrl' }],
        notices: [{ field: 'username', message: 'Trimmed' }],
      }),
    });
    const c = typed();
    expect(await c.validate()).toBe(false);
    expect(c.errorFor('zoneUrl')?.message).toBe('Bad zone');
    expect(c.errorFor('username')).toBeUndefined();
    expect(c.noticeFor('username')?.message).toBe('Trimmed');
    expect(c.zoneUrlOpen).toBe(true);
    expect(c.input.username).toBe(' key@msp.com ');
  });

  it('after a passing Test drops the secret, which Rust now holds, and skips re-testing the same fields', () => {
    const c = typed();
    expect(c.testTarget()).toMatchObject({ kind: 'new', credentials: { secret: 's3cret' } });
    c.recordTest(okReport);
    expect(c.input.secret).toBe('');
    expect(c.secretHeld).toBe(true);
    expect(c.testStillValid).toBe(true);
    expect(c.testTarget()).toBeNull();
    expect(c.tested?.report).toEqual(okReport);
  });

  it('a changed field or a newly typed secret means the Test must run again', () => {
    const c = typed();
    c.recordTest(okReport);
    c.input.username = 'other@msp.com';
    expect(c.testStillValid).toBe(false);
    c.input.username = 'key@msp.com';
    expect(c.testStillValid).toBe(true);
    c.input.secret = 'new';
    expect(c.testStillValid).toBe(false);
    expect(c.secretHeld).toBe(false);
    expect(c.testTarget()).toMatchObject({ kind: 'new', credentials: { secret: 'new' } });
  });

  it('a failing Test forgets what was held, as Rust drops it', () => {
    const c = typed();
    c.recordTest(okReport);
    c.input.secret = 'wrong';
    c.recordTest(failedReport('invalid_credentials', 'secret'));
    expect(c.tested).toBeNull();
    expect(c.input.secret).toBe('wrong');
    expect(c.testStillValid).toBe(false);
  });
});
