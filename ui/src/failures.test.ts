// Every async action shows its failure on screen (TestPanel's and ResetFlow's are in their own tests).
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import {
  appInfo,
  configured,
  notConfigured,
  okReport,
  options,
  validOk,
  ticketPlan,
} from './test/fixtures';
import { fillCredentials, toCredentials, toDefaults, pick } from './test/flows';
import { ipcError, mockCommands, type Handlers } from './test/ipc';

const wizard: Handlers = { app_info: () => appInfo, connection_status: () => notConfigured };
const toSave: Handlers = {
  ...wizard,
  validate_credentials: () => validOk,
  start_test: () => okReport,
  ticket_options: () => options,
  validate_defaults: ({ defaults }) => ({ ok: true, errors: [], defaults }),
};
const fail = (message: string) => () => {
  throw ipcError('internal', message);
};

async function expectCard(message: string) {
  const card = (await screen.findAllByTestId('error-card')).find((c) =>
    c.textContent?.includes(message),
  );
  expect(card).toBeDefined();
  expect(card).toHaveTextContent('Remediation for internal');
}

describe('async failures are shown', () => {
  it('loading the app', async () => {
    mockCommands({ app_info: fail('Could not read the app info.') });
    render(App);
    await expectCard('Could not read the app info.');
    expect(document.body.dataset.ready).toBe('true');
  });

  it('recovering the settings, leaving the choices open', async () => {
    const notice = {
      message: 'The saved settings could not be used.',
      movedTo: '/x',
      backupAvailable: true,
    };
    mockCommands({
      ...wizard,
      connection_status: () => ({ ...notConfigured, notice }),
      settings_recovery: fail('The backup is unreadable too.'),
    });
    const user = userEvent.setup();
    render(App);
    await user.click(await screen.findByRole('button', { name: 'Restore the previous settings' }));
    expect(await screen.findByTestId('recovery-error')).toHaveTextContent(
      'The backup is unreadable too. Remediation for internal',
    );
    expect(screen.getByRole('button', { name: 'Start over' })).toBeInTheDocument();
  });

  it('checking the credentials, staying on their step', async () => {
    mockCommands({ ...wizard, validate_credentials: fail('Validation did not answer.') });
    const user = userEvent.setup();
    render(App);
    await fillCredentials(user);
    await expectCard('Validation did not answer.');
    expect(screen.getByRole('heading', { name: 'Paste credentials' })).toBeInTheDocument();
  });

  it('loading the ticket lists, still allowing typed IDs', async () => {
    mockCommands({ ...toSave, ticket_options: fail('The lists could not be loaded.') });
    const user = userEvent.setup();
    render(App);
    await toDefaults(user);
    await expectCard('The lists could not be loaded.');
    expect(screen.getByText('You can still type numeric IDs.')).toBeInTheDocument();
    expect(screen.getByLabelText('Queue ID')).toBeInTheDocument();
  });

  it('checking the ticket defaults, even without a field to point at', async () => {
    mockCommands({ ...toSave, validate_defaults: fail('Autotask did not answer.') });
    const user = userEvent.setup();
    render(App);
    await toDefaults(user);
    await user.click(await screen.findByRole('button', { name: 'Next' }));
    await expectCard('Autotask did not answer.');
    expect(screen.getByRole('heading', { name: 'Ticket defaults' })).toBeInTheDocument();
  });

  it('sending a test ticket', async () => {
    mockCommands({
      ...toSave,
      test_ticket_plan: ({ defaults }) => ticketPlan(defaults),
      create_test_ticket: fail('The ticket was refused.'),
    });
    const user = userEvent.setup();
    render(App);
    await toDefaults(user);
    await pick(user, 'Queue', 'portal', 'Client Portal (5)');
    await pick(user, 'Ticket category', 'stand', /Standard \(3\)/);
    await user.click(screen.getByRole('button', { name: 'Send a test ticket…' }));
    await user.click(screen.getByRole('button', { name: 'Create the test ticket' }));
    await expectCard('The ticket was refused.');
  });

  it('saving the connection, with Save and Back usable again', async () => {
    mockCommands({ ...toSave, save_connection: fail('The keychain refused the secret.') });
    const user = userEvent.setup();
    render(App);
    await toDefaults(user);
    await user.click(await screen.findByRole('button', { name: 'Next' }));
    await user.click(await screen.findByTestId('save'));
    await expectCard('The keychain refused the secret.');
    expect(screen.getByTestId('save')).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Back' })).toBeEnabled();
  });

  it('refreshing the status after a re-test', async () => {
    let loads = 0;
    mockCommands({
      app_info: () => appInfo,
      connection_status: () => {
        loads += 1;
        if (loads > 1) throw ipcError('internal', 'The status could not be read.');
        return configured;
      },
      start_test: () => okReport,
    });
    const user = userEvent.setup();
    render(App);
    await user.click(await screen.findByRole('button', { name: 'Test now' }));
    await expectCard('The status could not be read.');
    expect(screen.getByTestId('test-success')).toBeInTheDocument();
  });

  it('saving new ticket defaults', async () => {
    mockCommands({
      app_info: () => appInfo,
      connection_status: () => configured,
      ticket_options: () => options,
      save_defaults: fail('The settings file is read-only.'),
    });
    const user = userEvent.setup();
    render(App);
    await user.click(await screen.findByRole('button', { name: 'Edit ticket defaults' }));
    await user.click(await screen.findByRole('button', { name: 'Save defaults' }));
    await expectCard('The settings file is read-only.');
    expect(screen.getByRole('heading', { name: 'Ticket defaults' })).toBeInTheDocument();
  });

  it('disconnecting, keeping the status screen', async () => {
    mockCommands({
      app_info: () => appInfo,
      connection_status: () => configured,
      disconnect: fail('The keychain entry could not be removed.'),
    });
    const user = userEvent.setup();
    render(App);
    await user.click(await screen.findByRole('button', { name: 'Disconnect…' }));
    await user.click(screen.getByTestId('confirm-disconnect'));
    await expectCard('The keychain entry could not be removed.');
    expect(screen.getByTestId('status-screen')).toBeInTheDocument();
  });

  it('opening Autotask in the browser', async () => {
    let refuse = false;
    const ipc = mockCommands({
      ...wizard,
      open_url: () => {
        if (refuse) throw ipcError('internal', 'The browser could not be opened.');
        return null;
      },
    });
    const user = userEvent.setup();
    render(App);
    await toCredentials(user);
    await user.click(screen.getByRole('button', { name: 'Back' }));
    const link = await screen.findByRole('link', { name: 'sign in' });
    await user.click(link);
    // Rust opens it (and checks the address); the webview has no opener of its own.
    expect(ipc.argsOf('open_url')).toEqual([{ url: 'https://ww1.autotask.net/' }]);
    expect(screen.queryByTestId('link-error')).toBeNull();
    refuse = true;
    await user.click(link);
    await waitFor(() =>
      expect(screen.getByTestId('link-error')).toHaveTextContent(
        'The browser could not be opened. Remediation for internal',
      ),
    );
    // The webview stays on the app.
    expect(window.location.href).not.toContain('autotask.net');
  });
});
