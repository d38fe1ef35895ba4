// The wizard under real use (#18): Tests that belong to their step, messages tied to their input,
// notices before the Test, one action per intent, visible confirmations.
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import {
  appInfo,
  configured,
  failedReport,
  notConfigured,
  okReport,
  validOk,
} from './test/fixtures';
import { fillAndTest, fillCredentials, toCredentials } from './test/flows';
import { mockCommands } from './test/ipc';
import type { CredentialsInput, TestReport, ValidationReport } from './lib/bindings';

const base = {
  app_info: () => appInfo,
  connection_status: () => notConfigured,
  validate_credentials: () => validOk,
};
const lengthNotice: ValidationReport = {
  ok: true,
  errors: [],
  notices: [
    {
      field: 'integrationCode',
      message: 'Integration codes are usually 27 characters; this one has 10.',
    },
  ],
};

describe('a Test belongs to its step', () => {
  it('leaving the Test step stops the running Test, and the next Test starts once it has ended', async () => {
    const finishes: ((r: TestReport) => void)[] = [];
    const ipc = mockCommands({
      ...base,
      start_test: () => new Promise<TestReport>((resolve) => finishes.push(resolve)),
      cancel_test: () => {
        finishes.shift()?.(failedReport('cancelled'));
        return true;
      },
    });
    const user = userEvent.setup();
    render(App);
    await fillAndTest(user);
    await screen.findByTestId('cancel-test');
    await user.click(screen.getByRole('button', { name: 'Back' }));
    await waitFor(() => expect(ipc.called('cancel_test')).toBe(true));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('heading', { name: 'Test' });
    // Nothing left over from the stopped Test: no result, no running state.
    expect(screen.queryByTestId('test-stopped')).toBeNull();
    expect(screen.getByTestId('run-test')).toHaveTextContent('Test connection');
    await user.click(screen.getByTestId('run-test'));
    expect(await screen.findByTestId('cancel-test')).toBeInTheDocument();
    finishes.shift()?.(okReport);
    expect(await screen.findByTestId('test-success')).toBeInTheDocument();
    expect(ipc.argsOf('start_test')).toHaveLength(2);
  });

  it('after a 401 Test is off with its reason, the card offers the counted one more try, and new credentials turn it back on', async () => {
    const history = { rejectedSignIns: 1, rejectedSecrets: 1, rejection: null, retrySpent: false };
    let report = failedReport('invalid_credentials', 'secret');
    const ipc = mockCommands({
      ...base,
      app_info: () => ({
        ...appInfo,
        customEndpoint: 'http://127.0.0.1:4000/atservicesrest/',
        demo: { integrationCode: 'DEMOCODE', username: 'demo@x.com', secret: 'demo-secret' },
      }),
      sign_in_history: () => history,
      start_test: () => report,
    });
    const user = userEvent.setup();
    render(App);
    await fillAndTest(user);
    const card = await screen.findByTestId('error-card');
    // Pressing Test again would send nothing (Rust refuses a rejected secret): it says so instead.
    const button = screen.getByTestId('run-test');
    expect(button).toBeDisabled();
    expect(button).toHaveTextContent('Rejected — change the secret to test again');
    expect(await screen.findByTestId('rejected-count')).toHaveTextContent('1');
    expect(card).toContainElement(screen.getByRole('button', { name: 'Edit the secret' }));
    // The deliberate path: asked first, then sent once with the admin's word.
    await user.click(screen.getByTestId('test-anyway'));
    expect(ipc.argsOf('start_test')).toHaveLength(1);
    await user.click(screen.getByTestId('confirm-retry'));
    await waitFor(() => expect(ipc.argsOf('start_test')).toHaveLength(2));
    expect(ipc.argsOf('start_test')[1]?.request).toMatchObject({ retryRejected: true });
    await screen.findByTestId('error-card');
    expect(screen.getByTestId('run-test')).toBeDisabled();
    // Other credentials (the demo's, filled in on this step): Test is back at once.
    report = okReport;
    await user.click(screen.getByRole('button', { name: 'Fill in the demo credentials' }));
    expect(screen.getByTestId('run-test')).toBeEnabled();
    expect(screen.getByTestId('run-test')).toHaveTextContent('Test connection');
    expect(screen.queryByTestId('error-card')).toBeNull();
    await user.click(screen.getByTestId('run-test'));
    await screen.findByTestId('test-success');
  });

  it('after a pass the Test button says why it cannot run, and the pass is still shown on return', async () => {
    const ipc = mockCommands({ ...base, start_test: () => okReport });
    const user = userEvent.setup();
    render(App);
    await fillAndTest(user);
    expect(await screen.findByRole('heading', { name: /^Test passed/ })).toHaveFocus();
    const button = screen.getByTestId('run-test');
    expect(button).toBeDisabled();
    expect(button).toHaveTextContent('Passed ✓ — change a credential to test again');
    await user.click(screen.getByRole('button', { name: 'Back' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('heading', { name: 'Test' });
    expect(screen.getByTestId('test-success')).toBeInTheDocument();
    expect(screen.getByTestId('run-test')).toBeDisabled();
    expect(ipc.argsOf('start_test')).toHaveLength(1);
  });
});

describe('notices about the credentials', () => {
  it('Next stops once to show new notices, and a related failure repeats them', async () => {
    const ipc = mockCommands({
      ...base,
      validate_credentials: () => lengthNotice,
      start_test: () => failedReport('invalid_integration_code'),
    });
    const user = userEvent.setup();
    render(App);
    await fillCredentials(user);
    // Stopped on the credentials step, with the focus on the field the notice is about.
    expect(await screen.findByText(/usually 27 characters; this one has 10/)).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Paste credentials' })).toBeInTheDocument();
    expect(screen.getByLabelText('Integration code')).toHaveFocus();
    expect(screen.getByTestId('live-region')).toHaveTextContent(
      'Check the note under the integration code',
    );
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('heading', { name: 'Test' });
    await user.click(screen.getByTestId('run-test'));
    const card = await screen.findByTestId('error-card');
    expect(card).toHaveTextContent(
      'Note: Integration codes are usually 27 characters; this one has 10.',
    );
    expect(ipc.argsOf('validate_credentials')).toHaveLength(2);
  });

  it('pasted spaces: the first Next shows every notice and trims every field, the secret too; the second goes on (L4)', async () => {
    // As Rust's validate_credentials: a notice for each field it trims.
    const validate = ({ input }: { input: CredentialsInput }): ValidationReport => ({
      ok: true,
      errors: [],
      notices: (['integrationCode', 'username', 'secret'] as const)
        .filter((f) => input[f] !== input[f].trim())
        .map((field) => ({
          field,
          message: `Removed spaces or line breaks pasted around the ${field}.`,
        })),
    });
    const ipc = mockCommands({ ...base, validate_credentials: validate });
    const user = userEvent.setup();
    render(App);
    await toCredentials(user);
    await user.type(screen.getByLabelText('Integration code'), ' ABCDEFGHIJKLMNOPQRSTUVWXY27');
    await user.type(screen.getByLabelText('Username (Key)'), ' key@msp.com ');
    await user.type(screen.getByLabelText('Secret'), ' S3cret! ');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(document.getElementById('secret-notice')).not.toBeNull());
    expect(document.getElementById('integration-code-notice')).not.toBeNull();
    expect(document.getElementById('username-notice')).not.toBeNull();
    expect(screen.getByLabelText('Secret')).toHaveValue('S3cret!');
    expect(screen.getByLabelText('Username (Key)')).toHaveValue('key@msp.com');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('heading', { name: 'Test' });
    expect(ipc.argsOf('validate_credentials')).toHaveLength(2);
  });

  it('a field error disappears as soon as the field is corrected', async () => {
    mockCommands({
      ...base,
      validate_credentials: () => ({
        ok: false,
        errors: [
          {
            code: 'invalid_input',
            message: 'The username must look like key@domain.',
            remediation: '',
            field: 'username',
          },
        ],
        notices: [],
      }),
    });
    const user = userEvent.setup();
    render(App);
    await toCredentials(user);
    await user.type(screen.getByLabelText('Username (Key)'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    const field = screen.getByLabelText('Username (Key)');
    await waitFor(() => expect(field).toHaveAttribute('aria-invalid', 'true'));
    await user.type(field, '@msp.com');
    expect(field).toHaveAttribute('aria-invalid', 'false');
    expect(screen.queryByText(/must look like key@domain/)).toBeNull();
  });
});

describe("confirmations and the wizard's place", () => {
  it('the demo credentials fill in without leaving the current step', async () => {
    mockCommands({
      ...base,
      app_info: () => ({
        ...appInfo,
        customEndpoint: 'http://127.0.0.1:4000/atservicesrest/',
        demo: { integrationCode: 'DEMOCODE', username: 'demo@x.com', secret: 'demo-secret' },
      }),
    });
    const user = userEvent.setup();
    render(App);
    await toCredentials(user);
    await user.type(screen.getByLabelText('Username (Key)'), 'typed@x.com');
    await user.click(screen.getByRole('button', { name: 'Fill in the demo credentials' }));
    expect(screen.getByRole('heading', { name: 'Paste credentials' })).toBeInTheDocument();
    expect(screen.getByLabelText('Username (Key)')).toHaveValue('demo@x.com');
    expect(screen.getByTestId('demo-filled')).toBeVisible();
  });

  it('disconnecting says so on screen until the admin moves on', async () => {
    let status = configured;
    mockCommands({
      ...base,
      connection_status: () => status,
      disconnect: () => (status = notConfigured),
    });
    const user = userEvent.setup();
    render(App);
    await user.click(await screen.findByRole('button', { name: 'Disconnect…' }));
    await user.click(screen.getByTestId('confirm-disconnect'));
    expect(await screen.findByTestId('flash')).toHaveTextContent(
      'Disconnected. The secret and integration code were removed from Secret Service',
    );
    await waitFor(() => expect(screen.getByTestId('flash')).toHaveFocus());
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.queryByTestId('flash')).toBeNull();
  });
});
