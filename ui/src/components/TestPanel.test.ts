import { screen, waitFor } from '@testing-library/svelte';
import { renderInApp } from '../test/render';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import TestPanelHarness from '../test/TestPanelHarness.svelte';
import { check, failedReport, okReport } from '../test/fixtures';
import { ipcError, mockCommands } from '../test/ipc';
import type { TestReport } from '../lib/bindings';

const saved = () => ({ target: { kind: 'saved' as const } });

/** A start_test that stays running until the test calls `finish`. */
function pendingTest() {
  let finish: (report: TestReport) => void = () => undefined;
  const started = new Promise<TestReport>((resolve) => (finish = resolve));
  return { started, finish: (report: TestReport) => finish(report) };
}

describe('TestPanel', () => {
  it('shows each check as its events arrive, updating a check in place', async () => {
    const test = pendingTest();
    mockCommands({
      start_test: (_args, emit) => {
        emit({ kind: 'check', check: check('zone', 'running', 'Looking up…') });
        emit({ kind: 'check', check: check('signIn', 'pending') });
        emit({ kind: 'check', check: check('zone', 'pass', 'America West 2') });
        return test.started;
      },
    });
    const user = userEvent.setup();
    renderInApp(TestPanelHarness, { request: saved });
    await user.click(screen.getByTestId('run-test'));
    const zone = await screen.findByText('America West 2');
    expect(zone.closest('li')).toHaveAttribute('data-status', 'pass');
    expect(document.querySelectorAll('[data-check]')).toHaveLength(2);
    expect(screen.getByTestId('run-test')).toHaveTextContent('Testing…');
    test.finish(okReport);
    expect(await screen.findByTestId('test-success')).toHaveTextContent(okReport.message);
  });

  it('hands the report to onResult and asks for the propagation wait only when told to', async () => {
    const onResult = vi.fn();
    const ipc = mockCommands({ start_test: () => failedReport('unknown_user', 'username') });
    const user = userEvent.setup();
    renderInApp(TestPanelHarness, { request: saved, onResult });
    await user.click(screen.getByTestId('run-test'));
    await user.click(await screen.findByTestId('just-created'));
    await waitFor(() => expect(onResult).toHaveBeenCalledTimes(2));
    expect(ipc.argsOf('start_test').map((a) => a.request.waitForPropagation)).toEqual([
      false,
      true,
    ]);
    expect(onResult.mock.calls[0]?.[0]).toMatchObject({
      ok: false,
      error: { code: 'unknown_user' },
    });
  });

  it('does not call Rust when there is nothing to test', async () => {
    const ipc = mockCommands({ start_test: () => okReport });
    const user = userEvent.setup();
    renderInApp(TestPanelHarness, { request: () => null });
    await user.click(screen.getByTestId('run-test'));
    expect(ipc.calls).toEqual([]);
    expect(screen.queryByTestId('error-card')).toBeNull();
  });

  it('offers to edit the field Rust blamed, and a zone URL when the user is unknown', async () => {
    const onEditField = vi.fn();
    mockCommands({ start_test: () => failedReport('unknown_user', 'username') });
    const user = userEvent.setup();
    renderInApp(TestPanelHarness, { request: saved, onEditField });
    await user.click(screen.getByTestId('run-test'));
    await user.click(await screen.findByRole('button', { name: 'Edit the username' }));
    await user.click(screen.getByRole('button', { name: 'Paste a zone URL' }));
    expect(onEditField.mock.calls).toEqual([['username'], ['zoneUrl']]);
    // The panel's own button tests again: no second Retry beside it.
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(screen.getByTestId('run-test')).toBeEnabled();
  });

  it('shows a command failure with its remediation and a way to the field', async () => {
    const onEditField = vi.fn();
    mockCommands({
      start_test: () => {
        throw ipcError('invalid_input', 'The zone URL is not a valid address.', 'zoneUrl');
      },
    });
    const user = userEvent.setup();
    renderInApp(TestPanelHarness, { request: saved, onEditField });
    await user.click(screen.getByTestId('run-test'));
    const card = await screen.findByTestId('error-card');
    expect(card).toHaveTextContent('The zone URL is not a valid address.');
    expect(card).toHaveTextContent('Remediation for invalid_input');
    await user.click(screen.getByRole('button', { name: 'Edit the field' }));
    expect(onEditField).toHaveBeenCalledWith('zoneUrl');
    expect(screen.getByTestId('run-test')).toBeEnabled();
  });

  it('shows why Stop test failed, while the Test keeps running', async () => {
    const test = pendingTest();
    mockCommands({
      start_test: () => test.started,
      cancel_test: () => {
        throw ipcError('internal', 'The Test could not be stopped.');
      },
    });
    const user = userEvent.setup();
    renderInApp(TestPanelHarness, { request: saved });
    await user.click(screen.getByTestId('run-test'));
    await user.click(screen.getByTestId('cancel-test'));
    expect(await screen.findByTestId('error-card')).toHaveTextContent(
      'The Test could not be stopped.',
    );
    expect(screen.getByTestId('cancel-test')).toBeInTheDocument();
    test.finish(okReport);
    await screen.findByTestId('test-success');
  });

  it('copies redacted details, and says so when the clipboard refuses', async () => {
    mockCommands({ start_test: () => failedReport('timeout') });
    const user = userEvent.setup();
    renderInApp(TestPanelHarness, {
      request: () => ({ target: { kind: 'reset' as const, secret: 'TopSecret!' } }),
    });
    await user.click(screen.getByTestId('run-test'));
    await user.click(await screen.findByRole('button', { name: 'Copy details' }));
    expect(screen.getByRole('button', { name: 'Copied' })).toBeInTheDocument();
    const copied = await navigator.clipboard.readText();
    expect(copied).toContain('Error timeout: Message for timeout');
    expect(copied).not.toContain('TopSecret!');

    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValueOnce(new Error('denied'));
    await user.click(screen.getByTestId('run-test'));
    await user.click(await screen.findByRole('button', { name: 'Copy details' }));
    const cards = await screen.findAllByTestId('error-card');
    expect(cards.map((c) => c.textContent)).toContainEqual(
      expect.stringContaining('could not be copied to the clipboard'),
    );
  });

  it('starts by itself when asked to', async () => {
    const ipc = mockCommands({ start_test: () => okReport });
    renderInApp(TestPanelHarness, { request: saved, autoStart: true, buttonLabel: 'Test again' });
    await screen.findByTestId('test-success');
    expect(ipc.argsOf('start_test')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Test again' })).toBeEnabled();
  });

  it('stops its Test when it closes, and the next Test waits until that one ended', async () => {
    const first = pendingTest();
    const ipc = mockCommands({ start_test: () => first.started, cancel_test: () => true });
    const user = userEvent.setup();
    const { app, unmount } = renderInApp(TestPanelHarness, { request: saved });
    await user.click(screen.getByTestId('run-test'));
    unmount();
    await waitFor(() => expect(ipc.called('cancel_test')).toBe(true));
    const second = mockCommands({ start_test: () => okReport });
    renderInApp(TestPanelHarness, { request: saved }, app);
    await user.click(screen.getByTestId('run-test'));
    await new Promise((r) => setTimeout(r, 20));
    expect(second.called('start_test')).toBe(false);
    first.finish(failedReport('cancelled'));
    expect(await screen.findByTestId('test-success')).toBeInTheDocument();
  });

  it('shows a stopped Test neutrally, with the focus on its heading', async () => {
    mockCommands({
      start_test: () => ({
        ...failedReport('cancelled'),
        checks: [
          check('zone', 'fail', 'The test was cancelled.'),
          check('signIn', 'skipped', 'Not run: the test was stopped.'),
        ],
      }),
    });
    const user = userEvent.setup();
    renderInApp(TestPanelHarness, { request: saved });
    await user.click(screen.getByTestId('run-test'));
    const stopped = await screen.findByTestId('test-stopped');
    expect(stopped).toHaveClass('card-neutral');
    expect(screen.queryByTestId('error-card')).toBeNull();
    expect(screen.getByRole('heading', { name: 'Stopped' })).toHaveFocus();
    expect(document.querySelector('[data-check=signIn]')).toHaveAttribute('data-status', 'skipped');
    expect(document.querySelector('[data-check=zone]')).toHaveAttribute('data-status', 'skipped');
  });

  it('hides a result once what was tested changes, and says why a blocked Test cannot run', async () => {
    mockCommands({ start_test: () => failedReport('timeout') });
    const user = userEvent.setup();
    const view = renderInApp(TestPanelHarness, { request: saved, resultKey: 'a' });
    await user.click(screen.getByTestId('run-test'));
    expect(await screen.findByRole('heading', { name: 'Message for timeout' })).toHaveFocus();
    await view.rerender({ request: saved, resultKey: 'b' });
    expect(screen.queryByTestId('error-card')).toBeNull();
    await view.rerender({
      request: saved,
      resultKey: 'b',
      blocked: 'Passed ✓ — change a credential to test again',
    });
    expect(screen.getByTestId('run-test')).toBeDisabled();
    expect(screen.getByTestId('run-test')).toHaveTextContent(
      'Passed ✓ — change a credential to test again',
    );
  });

  describe('when Rust refuses to send (H2)', () => {
    const creds = () => ({
      target: {
        kind: 'new' as const,
        credentials: { integrationCode: 'C', username: 'u@x.com', secret: 's' },
      },
    });
    const history = { rejectedSignIns: 4, rejectedSecrets: 2, rejection: null, retrySpent: false };

    it('a rejected secret: one card with Edit the secret and a confirmed, counted Test once anyway', async () => {
      let calls = 0;
      const ipc = mockCommands({
        sign_in_history: () => history,
        start_test: () => {
          calls++;
          if (calls === 1)
            throw ipcError('credentials_rejected', 'Not sent: Autotask rejected…', 'secret');
          return okReport;
        },
      });
      const onEditField = vi.fn();
      const user = userEvent.setup();
      renderInApp(TestPanelHarness, { request: creds, onEditField });
      await user.click(screen.getByTestId('run-test'));
      const card = await screen.findByTestId('rejected-card');
      expect(screen.getByTestId('run-test')).toBeDisabled();
      expect(screen.getByTestId('run-test')).toHaveTextContent('Rejected — change the secret');
      expect(await screen.findByTestId('rejected-count')).toHaveTextContent('4');
      await user.click(screen.getByRole('button', { name: 'Edit the secret' }));
      expect(onEditField).toHaveBeenCalledWith('secret');
      await user.click(screen.getByTestId('test-anyway'));
      expect(card).toHaveTextContent('rejected sign-in number 5');
      await user.click(screen.getByTestId('confirm-retry'));
      await screen.findByTestId('test-success');
      expect(ipc.argsOf('start_test')[1]?.request).toMatchObject({ retryRejected: true });
    });

    it('a third different secret waits for the admin; Send this secret sends it once', async () => {
      let calls = 0;
      const ipc = mockCommands({
        sign_in_history: () => history,
        start_test: () => {
          if (++calls === 1) throw ipcError('confirm_sign_in', 'Not sent yet', 'secret');
          return failedReport('invalid_credentials', 'secret');
        },
      });
      const user = userEvent.setup();
      renderInApp(TestPanelHarness, { request: creds });
      await user.click(screen.getByTestId('run-test'));
      const card = await screen.findByTestId('rejected-card');
      expect(card).toHaveTextContent('2 different secrets');
      expect(ipc.argsOf('start_test')[0]?.request).toMatchObject({ retryRejected: false });
      await user.click(screen.getByTestId('test-anyway'));
      await user.click(screen.getByTestId('confirm-retry'));
      await waitFor(() => expect(ipc.argsOf('start_test')).toHaveLength(2));
      expect(ipc.argsOf('start_test')[1]?.request).toMatchObject({ retryRejected: true });
    });

    it('a used try is disabled and says how to get another', async () => {
      mockCommands({
        sign_in_history: () => ({ ...history, retrySpent: true }),
        start_test: () => {
          throw ipcError('retry_spent', 'Not sent: the one more try was used', 'secret');
        },
      });
      const user = userEvent.setup();
      renderInApp(TestPanelHarness, { request: creds });
      await user.click(screen.getByTestId('run-test'));
      await screen.findByTestId('rejected-card');
      expect(screen.getByTestId('test-anyway')).toBeDisabled();
      expect(screen.getByTestId('test-anyway')).toHaveTextContent('change the secret or restart');
    });
  });
});
