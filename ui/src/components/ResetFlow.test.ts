import { screen, waitFor } from '@testing-library/svelte';
import { renderInApp } from '../test/render';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import ResetFlow from './ResetFlow.svelte';
import { configured, failedReport, okReport } from '../test/fixtures';
import { ipcError, mockCommands } from '../test/ipc';

const testNew = () => screen.getByRole('button', { name: 'Test the new credentials' });

describe('ResetFlow', () => {
  it('asks for the new secret before testing anything', async () => {
    const ipc = mockCommands({ start_test: () => okReport });
    const user = userEvent.setup();
    renderInApp(ResetFlow, { status: configured, onDone: vi.fn() });
    await user.type(screen.getByLabelText('New secret'), '   ');
    await user.click(testNew());
    expect(screen.getByLabelText('New secret')).toHaveAccessibleDescription(/Paste the new secret/);
    expect(ipc.called('start_test')).toBe(false);
  });

  it('a new secret keeps the user; a switch sends the other username, and says which it is', async () => {
    const ipc = mockCommands({ start_test: () => okReport });
    const user = userEvent.setup();
    renderInApp(ResetFlow, { status: configured, onDone: vi.fn() });
    expect(screen.getByText(/the\s+old one stops working at once/)).toBeInTheDocument();
    expect(screen.getByTestId('replace')).toHaveTextContent('Replace the saved secret');
    await user.type(screen.getByLabelText('New secret'), 'one');
    await user.click(testNew());
    await screen.findByTestId('test-success');

    await user.click(screen.getByLabelText('Switch to another API user (no downtime)'));
    expect(screen.getByTestId('replace')).toHaveTextContent('Switch to the new API user');
    expect(screen.getByText(/key@msp.com keeps working meanwhile/)).toBeInTheDocument();
    await user.type(screen.getByLabelText('Its secret'), 'two');
    await user.click(testNew());
    expect(
      screen.getByLabelText('Username (Key) of the other API user'),
    ).toHaveAccessibleDescription(/Username \(Key\) of the other API user/);
    expect(ipc.argsOf('start_test')).toHaveLength(1);
    await user.type(screen.getByLabelText('Username (Key) of the other API user'), 'green@msp.com');
    await user.click(testNew());
    await waitFor(() => expect(ipc.argsOf('start_test')).toHaveLength(2));
    const [first, second] = ipc.argsOf('start_test').map((a) => a.request.target);
    expect(first).toEqual({ kind: 'reset', secret: 'one' });
    expect(second).toEqual({ kind: 'reset', secret: 'two', username: 'green@msp.com' });
  });

  it('clears the secret once it passed and replaces only on confirmation', async () => {
    const onDone = vi.fn();
    const ipc = mockCommands({
      start_test: () => okReport,
      reset_credentials: () => ({ ...configured, username: 'new@msp.com' }),
    });
    const user = userEvent.setup();
    renderInApp(ResetFlow, { status: configured, onDone });
    await user.type(screen.getByLabelText('New secret'), 'right');
    await user.click(testNew());
    await screen.findByTestId('test-success');
    expect(screen.getByLabelText('New secret')).toHaveValue('');
    await user.click(screen.getByTestId('replace'));
    await waitFor(() =>
      expect(onDone).toHaveBeenCalledWith(
        expect.objectContaining({ username: 'new@msp.com' }),
        true,
        'secret',
      ),
    );
    expect(ipc.argsOf('reset_credentials')).toEqual([{ confirm: true }]);
  });

  it('shows why replacing failed and keeps the flow open', async () => {
    const onDone = vi.fn();
    mockCommands({
      start_test: () => okReport,
      reset_credentials: () => {
        throw ipcError('keychain_locked', 'The keychain is locked.');
      },
    });
    const user = userEvent.setup();
    renderInApp(ResetFlow, { status: configured, onDone });
    await user.type(screen.getByLabelText('New secret'), 'right');
    await user.click(testNew());
    await user.click(await screen.findByTestId('replace'));
    const card = await screen.findByTestId('error-card');
    expect(card).toHaveAttribute('data-code', 'keychain_locked');
    expect(card).toHaveTextContent('Remediation for keychain_locked');
    expect(onDone).not.toHaveBeenCalled();
    expect(screen.getByTestId('replace')).toBeEnabled();
  });

  it('cancel tells Rust to drop the tested credentials, and shows it when that fails', async () => {
    const onDone = vi.fn();
    let fail = true;
    const ipc = mockCommands({
      reset_credentials: () => {
        if (fail) throw ipcError('internal', 'Could not discard the new credentials.');
        return configured;
      },
    });
    const user = userEvent.setup();
    renderInApp(ResetFlow, { status: configured, onDone });
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByTestId('error-card')).toHaveTextContent(
      'Could not discard the new credentials.',
    );
    expect(onDone).not.toHaveBeenCalled();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(configured, false, 'secret'));
    expect(screen.queryByTestId('error-card')).toBeNull();
    expect(ipc.argsOf('reset_credentials')).toEqual([{ confirm: false }, { confirm: false }]);
  });

  it('drops a failed result when a new secret is pasted', async () => {
    mockCommands({ start_test: () => failedReport('invalid_credentials', 'secret') });
    const user = userEvent.setup();
    renderInApp(ResetFlow, { status: configured, onDone: vi.fn() });
    await user.type(screen.getByLabelText('New secret'), 'wrong');
    await user.click(testNew());
    expect(await screen.findByTestId('reset-kept')).toBeInTheDocument();
    await user.type(screen.getByLabelText('New secret'), '-new');
    expect(screen.queryByTestId('reset-kept')).toBeNull();
    expect(screen.queryByTestId('error-card')).toBeNull();
    expect(screen.getByTestId('replace')).toBeDisabled();
  });
});
