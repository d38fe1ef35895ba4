import { screen, waitFor } from '@testing-library/svelte';
import { renderInApp } from '../test/render';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import StatusScreen from './StatusScreen.svelte';
import { configured, okReport } from '../test/fixtures';
import { mockCommands } from '../test/ipc';

const rejected = {
  ...configured,
  rejected: {
    at: '2026-11-24T08:00:00Z',
    code: 'invalid_credentials' as const,
    message: '401 Unauthorized.',
  },
};

describe('StatusScreen after Autotask rejected the saved secret', () => {
  it('leads with Reset credentials and explains the lockout', () => {
    mockCommands({});
    renderInApp(StatusScreen, { status: rejected, onDisconnected: vi.fn() });
    const card = screen.getByTestId('rejected-card');
    const buttons = [...card.querySelectorAll('button')].map((b) => b.textContent);
    expect(buttons).toEqual(['Reset credentials', 'Test once anyway']);
    expect(screen.getByTestId('rejected-reset')).toHaveClass('primary');
    expect(card).toHaveTextContent('locks an API user');
    expect(screen.getByRole('button', { name: 'Test now' })).not.toHaveClass('primary');
  });

  it('"Test once anyway" asks Rust to send the rejected credentials once; the next Test does not', async () => {
    const ipc = mockCommands({ start_test: () => okReport, connection_status: () => configured });
    const user = userEvent.setup();
    renderInApp(StatusScreen, { status: rejected, onDisconnected: vi.fn() });
    await user.click(screen.getByTestId('test-anyway'));
    await waitFor(() => expect(ipc.argsOf('start_test')).toHaveLength(1));
    expect(ipc.argsOf('start_test')[0]?.request).toMatchObject({
      target: { kind: 'saved' },
      retryRejected: true,
    });
    await waitFor(() => expect(screen.queryByTestId('rejected-card')).toBeNull());
    // One button per intent: "Test now" tests again; the panel has no button of its own.
    await screen.findByTestId('test-success');
    expect(screen.queryByTestId('run-test')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Test now' }));
    await waitFor(() => expect(ipc.argsOf('start_test')).toHaveLength(2));
    expect(ipc.argsOf('start_test')[1]?.request).toMatchObject({ retryRejected: false });
  });

  it('shows no rejection card while the saved credentials are accepted', () => {
    mockCommands({});
    renderInApp(StatusScreen, { status: configured, onDisconnected: vi.fn() });
    expect(screen.queryByTestId('rejected-card')).toBeNull();
  });
});
