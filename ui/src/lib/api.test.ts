import { describe, expect, it } from 'vitest';
import { api, toIpcError } from './api';
import { configured } from '../test/fixtures';
import { ipcError, mockCommands } from '../test/ipc';

describe('api', () => {
  it('passes IpcErrors through and wraps anything else', async () => {
    mockCommands({
      connection_status: () => {
        throw ipcError('keychain_locked', 'Locked');
      },
    });
    await expect(api.status()).rejects.toEqual(ipcError('keychain_locked', 'Locked'));
    // A command the mock does not know fails like a Tauri-level error.
    await expect(api.disconnect()).rejects.toMatchObject({
      code: 'internal',
      message: 'The app could not complete the request.',
    });
    expect(toIpcError('plain text')).toMatchObject({ code: 'internal', message: 'plain text' });
  });

  it('sends each command its arguments under the names Rust expects', async () => {
    const ipc = mockCommands({
      reset_credentials: () => configured,
      settings_recovery: () => configured,
    });
    await api.resetCredentials(false);
    await api.settingsRecovery('startOver');
    expect(ipc.calls.map((c) => [c.cmd, c.args])).toEqual([
      ['reset_credentials', { confirm: false }],
      ['settings_recovery', { action: 'startOver' }],
    ]);
  });
});
