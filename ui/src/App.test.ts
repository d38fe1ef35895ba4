import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import {
  appInfo,
  check,
  configured,
  failedReport,
  notConfigured,
  okReport,
  options,
  validOk,
} from './test/fixtures';
import { fillAndTest, noSeriousViolations, toCredentials, toDefaults, pick } from './test/flows';
import { mockCommands } from './test/ipc';
import type { IpcError, TestReport } from './lib/bindings';

describe('the wizard', () => {
  it('walks the first steps with a checklist that never blocks', async () => {
    mockCommands({ app_info: () => appInfo, connection_status: () => notConfigured });
    const user = userEvent.setup();
    render(App);
    await screen.findByRole('heading', { name: "What you'll need" });
    expect(screen.getByText(/Zone URL/)).toBeInTheDocument();
    await noSeriousViolations();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('heading', { name: 'Create the API user' });
    expect(screen.getByText(/API User \(system\)/)).toBeInTheDocument();
    expect(screen.getByText(/Custom \(Internal Integration\)/)).toBeInTheDocument();
    expect(screen.getAllByRole('checkbox')).toHaveLength(8);
    await noSeriousViolations();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('heading', { name: 'Paste credentials' });
  });

  it('shows Rust validation errors at their fields and keeps state when moving back', async () => {
    const ipc = mockCommands({
      app_info: () => appInfo,
      connection_status: () => notConfigured,
      validate_credentials: () => ({
        ok: false,
        errors: [
          {
            code: 'invalid_input',
            message: 'The username must look like key@domain.',
            remediation: 'Copy it from Autotask.',
            field: 'username',
          },
        ],
        notices: [
          {
            field: 'integrationCode',
            message: 'Removed spaces pasted around the integration code.',
          },
        ],
      }),
    });
    const user = userEvent.setup();
    render(App);
    await toCredentials(user);
    await user.type(screen.getByLabelText('Username (Key)'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    const field = screen.getByLabelText('Username (Key)');
    await waitFor(() => expect(field).toHaveAttribute('aria-invalid', 'true'));
    expect(field).toHaveAccessibleDescription(/must look like key@domain/);
    expect(screen.getByText(/Removed spaces/)).toBeInTheDocument();
    expect(ipc.argsOf('validate_credentials')[0]).toMatchObject({ input: { username: 'nope' } });
    await noSeriousViolations();
    await user.click(screen.getByRole('button', { name: 'Back' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByLabelText('Username (Key)')).toHaveValue('nope');
  });

  it('tests with live progress and shows the exact success line, then clears the secret', async () => {
    mockCommands({
      app_info: () => appInfo,
      connection_status: () => notConfigured,
      validate_credentials: () => validOk,
      start_test: (_args, emit) => {
        emit({ kind: 'check', check: check('zone', 'running', 'Looking up…') });
        emit({ kind: 'check', check: check('zone', 'pass', 'America West 2') });
        return okReport;
      },
    });
    const user = userEvent.setup();
    render(App);
    await fillAndTest(user);
    // Nothing is saved yet: the card says the Test passed, not that Vectis is connected (L5).
    const success = await screen.findByTestId('test-success');
    expect(success).toHaveTextContent(
      'Test passed: Autotask accepted these credentials (webservices15.autotask.net). Not saved yet.',
    );
    expect(success).not.toHaveTextContent('Connected');
    expect(screen.getByText(/12 of 10000 requests/)).toBeInTheDocument();
    expect(screen.getByTestId('live-region')).toHaveTextContent('Test passed');
    await noSeriousViolations();
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByLabelText('Secret')).toHaveValue('');
    expect(screen.getByText(/held securely/)).toBeInTheDocument();
  });

  it.each([
    ['invalid_credentials', 'secret'],
    ['invalid_integration_code', undefined],
    ['account_locked', undefined],
    ['permission_denied', undefined],
    ['timeout', undefined],
  ] as const)('shows the message and remediation for %s', async (code, field) => {
    mockCommands({
      app_info: () => appInfo,
      connection_status: () => notConfigured,
      validate_credentials: () => validOk,
      start_test: () => failedReport(code, field),
    });
    const user = userEvent.setup();
    render(App);
    await fillAndTest(user);
    const card = await screen.findByTestId('error-card');
    expect(card).toHaveAttribute('data-code', code);
    expect(card).toHaveTextContent(`Message for ${code}`);
    expect(card).toHaveTextContent(`Remediation for ${code}`);
    expect(screen.getByRole('button', { name: 'Copy details' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
    if (field) {
      await user.click(screen.getByRole('button', { name: `Edit the ${field}` }));
      await waitFor(() => expect(screen.getByLabelText('Secret')).toHaveFocus());
    }
    // A wrong secret is never retried from here: retrying is the admin's choice after a fix.
    if (code === 'invalid_credentials')
      expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('waits for a just-created user with a countdown that can be cancelled', async () => {
    let finish: (r: TestReport) => void = () => undefined;
    const ipc = mockCommands({
      app_info: () => appInfo,
      connection_status: () => notConfigured,
      validate_credentials: () => validOk,
      cancel_test: () => {
        finish(failedReport('cancelled'));
        return true;
      },
      start_test: (args, emit) => {
        if (!args.request.waitForPropagation) return failedReport('unknown_user', 'username');
        emit({ kind: 'waiting', attempt: 1, nextAttemptInSeconds: 15, remainingSeconds: 300 });
        return new Promise<TestReport>((resolve) => (finish = resolve));
      },
    });
    const user = userEvent.setup();
    render(App);
    await fillAndTest(user);
    await user.click(await screen.findByTestId('just-created'));
    const wait = await screen.findByTestId('propagation-wait');
    expect(wait).toHaveTextContent('Next try in 15 s');
    expect(wait).toHaveTextContent('giving up in 5 min');
    await user.click(screen.getByRole('button', { name: 'Stop test' }));
    await waitFor(() => expect(screen.queryByTestId('propagation-wait')).toBeNull());
    expect(ipc.called('cancel_test')).toBe(true);
    // Stopped is neutral: no error card, and the focus on its heading.
    expect(await screen.findByTestId('test-stopped')).toHaveTextContent('Stopped');
    expect(screen.queryByTestId('error-card')).toBeNull();
    expect(screen.getByRole('heading', { name: 'Stopped' })).toHaveFocus();
  });

  it('requires queue and category from the live lists and saves', async () => {
    const ipc = mockCommands({
      app_info: () => appInfo,
      connection_status: () => notConfigured,
      validate_credentials: () => validOk,
      start_test: () => okReport,
      ticket_options: () => options,
      validate_defaults: ({ defaults: d }) => {
        const errors: IpcError[] = [];
        if (d.queueId === null)
          errors.push({
            code: 'invalid_input',
            message:
              'Choose a queue: Vectis needs a queue and a ticket category for the tickets its rules create.',
            remediation: '',
            field: 'queue',
          });
        return {
          ok: errors.length === 0 && d.categoryId !== null,
          errors,
          defaults: {
            ...d,
            queueLabel: 'Level I Support',
            categoryLabel: 'Standard',
            statusId: null,
            priorityId: null,
            statusLabel: null,
            priorityLabel: null,
          },
        };
      },
      save_connection: () => configured,
    });
    const user = userEvent.setup();
    render(App);
    await toDefaults(user);
    await user.click(await screen.findByRole('button', { name: 'Next' }));
    expect(await screen.findByText(/Choose a queue: Vectis needs a queue/)).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Queue' })).toHaveAttribute('aria-invalid', 'true');
    // Focus on the field at fault, as on the credentials step (L1).
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Queue' })).toHaveFocus());
    await pick(user, 'Queue', 'level', 'Level I Support (29682833)');
    // The error was about the empty choice: a valid one clears it.
    expect(screen.queryByText(/Choose a queue: Vectis needs a queue/)).toBeNull();
    await pick(user, 'Ticket category', '3', /Standard \(3\)/);
    await noSeriousViolations();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('heading', { name: 'Save' });
    expect(screen.getByTestId('summary')).toHaveTextContent('Level I Support (29682833)');
    await user.click(screen.getByTestId('save'));
    expect(await screen.findByTestId('status-message')).toHaveTextContent(
      'Saved. Vectis is connected to Autotask',
    );
    await waitFor(() => expect(screen.getByTestId('status-message')).toHaveFocus());
    expect(ipc.argsOf('save_connection')[0]).toMatchObject({
      defaults: { queueId: 29682833, categoryId: 3 },
    });
  });

  it('keeps each guide tick with its line across Back and Next, and marks progress', async () => {
    mockCommands({ app_info: () => appInfo, connection_status: () => notConfigured });
    const user = userEvent.setup();
    render(App);
    await screen.findByRole('heading', { name: "What you'll need" });
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('checkbox', { name: /Security Level/ }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    const progress = screen.getByRole('navigation', { name: 'Setup steps' });
    expect(progress.querySelector('[aria-current="step"]')).toHaveTextContent('Paste credentials');
    expect(progress.querySelectorAll('li.done')).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(await screen.findByRole('heading', { name: 'Create the API user' })).toHaveFocus();
    const ticked = screen.getAllByRole('checkbox').map((b) => (b as HTMLInputElement).checked);
    expect(ticked).toEqual([false, false, true, false, false, false, false, false]);
  });

  it('offers a secret found without settings: one Test of it, then the wizard goes on to save', async () => {
    const ipc = mockCommands({
      app_info: () => appInfo,
      connection_status: () => notConfigured,
      found_secret: () => 'key@msp.com',
      start_test: () => okReport,
    });
    const user = userEvent.setup();
    render(App);
    const card = await screen.findByTestId('found-secret');
    expect(card).toHaveTextContent('A saved secret for key@msp.com was found: test and reconnect.');
    await noSeriousViolations();
    await user.click(screen.getByRole('button', { name: 'Test and reconnect' }));
    await screen.findByRole('heading', { name: 'Test' });
    expect(screen.queryByTestId('found-secret')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    await screen.findByTestId('test-success');
    expect(ipc.argsOf('start_test')[0]?.request).toMatchObject({ target: { kind: 'found' } });
    expect(ipc.argsOf('validate_credentials')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('heading', { name: 'Ticket defaults' });
  });

  it('after a passing Test, Back and Next keep it without checking again', async () => {
    const ipc = mockCommands({
      app_info: () => appInfo,
      connection_status: () => notConfigured,
      validate_credentials: () => validOk,
      start_test: () => okReport,
    });
    const user = userEvent.setup();
    render(App);
    await fillAndTest(user);
    await screen.findByTestId('test-success');
    await user.click(screen.getByRole('button', { name: 'Back' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('heading', { name: 'Test' });
    expect(
      screen.getByText('Tested credentials are held in memory until you save.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toBeEnabled();
    expect(ipc.argsOf('validate_credentials')).toHaveLength(1);
    expect(ipc.argsOf('start_test')).toHaveLength(1);
  });

  it('an unknown user can go back to paste a zone URL, which opens the field', async () => {
    mockCommands({
      app_info: () => appInfo,
      connection_status: () => notConfigured,
      validate_credentials: () => validOk,
      start_test: () => failedReport('unknown_user', 'username'),
    });
    const user = userEvent.setup();
    render(App);
    await fillAndTest(user);
    await user.click(await screen.findByRole('button', { name: 'Paste a zone URL' }));
    await waitFor(() => expect(screen.getByLabelText('Zone URL (optional)')).toHaveFocus());
    expect(screen.getByText('Advanced: zone URL').closest('details')).toHaveAttribute('open');
    // The secret was not held (the Test failed), so it is still there to test again.
    expect(screen.getByLabelText('Secret')).toHaveValue('S3cret!');
  });

  it('shows the demo banner with credentials to fill in', async () => {
    mockCommands({
      app_info: () => ({
        ...appInfo,
        customEndpoint: 'http://127.0.0.1:4000/atservicesrest/',
        demo: { integrationCode: 'DEMOCODE', username: 'demo@x.com', secret: 'demo-secret' },
      }),
      connection_status: () => notConfigured,
    });
    const user = userEvent.setup();
    render(App);
    expect(await screen.findByText('Demo — simulated Autotask.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Fill in the demo credentials' }));
    expect(screen.getByTestId('demo-filled')).toBeInTheDocument();
    await toCredentials(user);
    expect(screen.getByLabelText('Username (Key)')).toHaveValue('demo@x.com');
    // The note spoke of the step it was pressed on: gone once the wizard moved (L6).
    expect(screen.queryByTestId('demo-filled')).toBeNull();
  });
});

describe('returning admins', () => {
  it('see the status screen and can re-test', async () => {
    const ipc = mockCommands({
      app_info: () => appInfo,
      connection_status: () => configured,
      start_test: () => okReport,
    });
    const user = userEvent.setup();
    render(App);
    expect(await screen.findByTestId('status-username')).toHaveTextContent('key@msp.com');
    // The header no longer calls to connect (L5).
    expect(screen.getByTestId('tagline')).toHaveTextContent('Vectis’s connection to Autotask');
    expect(screen.getByText('Stored in Secret Service')).toBeInTheDocument();
    expect(screen.getByText('Client Portal (5)')).toBeInTheDocument();
    await noSeriousViolations();
    await user.click(screen.getByRole('button', { name: 'Test now' }));
    await screen.findByTestId('test-success');
    expect(ipc.argsOf('start_test')[0]).toMatchObject({ request: { target: { kind: 'saved' } } });
  });

  it('reset: a failing new secret keeps the old connection, a passing one replaces it', async () => {
    let pass = false;
    const ipc = mockCommands({
      app_info: () => appInfo,
      connection_status: () => configured,
      start_test: () => (pass ? okReport : failedReport('invalid_credentials', 'secret')),
      reset_credentials: () => configured,
    });
    const user = userEvent.setup();
    render(App);
    await user.click(await screen.findByRole('button', { name: 'Reset credentials' }));
    await user.type(screen.getByLabelText('New secret'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Test the new credentials' }));
    expect(await screen.findByTestId('reset-kept')).toHaveTextContent(
      'Your saved connection was not changed',
    );
    expect(screen.getByTestId('replace')).toBeDisabled();
    pass = true;
    await user.type(screen.getByLabelText('New secret'), 'right');
    await user.click(screen.getByRole('button', { name: 'Test the new credentials' }));
    await screen.findByTestId('test-success');
    await user.click(screen.getByTestId('replace'));
    expect(await screen.findByText('The new secret is saved.')).toBeInTheDocument();
    expect(ipc.argsOf('reset_credentials')).toEqual([{ confirm: true }]);
    expect(ipc.argsOf('start_test')[0]).toMatchObject({
      request: { target: { kind: 'reset', secret: 'wrong' } },
    });
  });

  it('disconnect asks first, then returns to the wizard', async () => {
    const ipc = mockCommands({
      app_info: () => appInfo,
      connection_status: () => configured,
      disconnect: () => notConfigured,
    });
    const user = userEvent.setup();
    render(App);
    await user.click(await screen.findByRole('button', { name: 'Disconnect…' }));
    expect(screen.getByRole('alertdialog')).toHaveTextContent('removes the secret');
    expect(ipc.called('disconnect')).toBe(false);
    await noSeriousViolations();
    await user.click(screen.getByTestId('confirm-disconnect'));
    await screen.findByRole('heading', { name: "What you'll need" });
  });

  it('the disconnect confirmation takes focus, and Escape or Cancel gives it back to "Disconnect…"', async () => {
    const ipc = mockCommands({ app_info: () => appInfo, connection_status: () => configured });
    const user = userEvent.setup();
    render(App);
    const open = await screen.findByRole('button', { name: 'Disconnect…' });
    await user.click(open);
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(open).toHaveFocus();
    await user.keyboard('{Enter}');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(open).toHaveFocus();
    expect(ipc.called('disconnect')).toBe(false);
  });

  it('a corrupt settings file can be restored from the backup', async () => {
    const ipc = mockCommands({
      app_info: () => appInfo,
      connection_status: () => ({
        ...notConfigured,
        notice: {
          message: 'The saved settings could not be used because it is not valid JSON.',
          movedTo: '/x',
          backupAvailable: true,
        },
      }),
      settings_recovery: () => configured,
    });
    const user = userEvent.setup();
    render(App);
    await user.click(await screen.findByRole('button', { name: 'Restore the previous settings' }));
    await screen.findByTestId('status-screen');
    expect(ipc.argsOf('settings_recovery')).toEqual([{ action: 'restoreBackup' }]);
  });

  it('a command failure shows its message and remediation, never a bare string', async () => {
    mockCommands({
      app_info: () => ({
        ...appInfo,
        fatal: {
          code: 'keychain_unavailable',
          message: 'No keychain service is available.',
          remediation: 'Start gnome-keyring.',
        },
      }),
    });
    render(App);
    expect(await screen.findByText('No keychain service is available.')).toBeInTheDocument();
    expect(screen.getByText('Start gnome-keyring.')).toBeInTheDocument();
  });
});
