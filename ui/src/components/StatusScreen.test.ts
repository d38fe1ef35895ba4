import { screen, waitFor } from '@testing-library/svelte';
import { renderInApp } from '../test/render';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import StatusScreen from './StatusScreen.svelte';
import { configured, failedReport, okReport } from '../test/fixtures';
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
  const history = (retrySpent = false) => ({
    rejectedSignIns: retrySpent ? 2 : 1,
    rejectedSecrets: 1,
    rejection: rejected.rejected,
    retrySpent,
  });

  it('leads with Reset credentials, counts the rejections and never claims the user cannot be locked', async () => {
    mockCommands({ sign_in_history: () => history() });
    renderInApp(StatusScreen, { status: rejected, onDisconnected: vi.fn() });
    const card = screen.getByTestId('rejected-card');
    const buttons = [...card.querySelectorAll('button')].map((b) => b.textContent?.trim());
    expect(buttons).toEqual(['Reset credentials', 'Test once anyway…']);
    expect(screen.getByTestId('rejected-reset')).toHaveClass('primary');
    expect(await screen.findByTestId('rejected-count')).toHaveTextContent(
      'Rejected sign-ins as this username from this computer: 1',
    );
    expect(card).toHaveTextContent('locks an API user');
    expect(document.body).not.toHaveTextContent(/cannot be locked/);
    expect(card).not.toHaveTextContent('2026-11-24T08:00:00Z');
    // Test now would send nothing: disabled, and it says why.
    expect(screen.getByTestId('test-now')).toBeDisabled();
    expect(screen.getByTestId('test-now')).toHaveTextContent('Rejected');
  });

  it('"Test once anyway" asks first with the count, sends once, then is disabled', async () => {
    let spent = false;
    const ipc = mockCommands({
      sign_in_history: () => history(spent),
      start_test: () => {
        spent = true;
        return failedReport('invalid_credentials', 'secret');
      },
      connection_status: () => ({
        ...rejected,
        rejected: { ...rejected.rejected, at: '2026-11-24T08:05:00Z' },
      }),
    });
    const user = userEvent.setup();
    renderInApp(StatusScreen, { status: rejected, onDisconnected: vi.fn() });
    await user.click(screen.getByTestId('test-anyway'));
    expect(ipc.argsOf('start_test')).toHaveLength(0);
    expect(screen.getByRole('group')).toHaveTextContent('rejected sign-in number 2');
    await user.click(screen.getByTestId('confirm-retry'));
    await waitFor(() => expect(ipc.argsOf('start_test')).toHaveLength(1));
    expect(ipc.argsOf('start_test')[0]?.request).toMatchObject({
      target: { kind: 'saved' },
      retryRejected: true,
    });
    // One card: the rejection card under the result, with its button used up.
    await waitFor(() => expect(screen.getByTestId('test-anyway')).toBeDisabled());
    expect(screen.getAllByTestId('rejected-card')).toHaveLength(1);
    expect(screen.queryByTestId('error-card')).toBeNull();
    expect(screen.getByTestId('test-anyway')).toHaveTextContent('used');
    expect(screen.getByTestId('rejected-reset')).toBeInTheDocument();
  });

  it('a deliberate try that passes clears the card', async () => {
    const ipc = mockCommands({
      sign_in_history: () => history(),
      start_test: () => okReport,
      connection_status: () => configured,
    });
    const user = userEvent.setup();
    renderInApp(StatusScreen, { status: rejected, onDisconnected: vi.fn() });
    await user.click(screen.getByTestId('test-anyway'));
    await user.click(screen.getByTestId('confirm-retry'));
    await screen.findByTestId('test-success');
    expect(screen.queryByTestId('rejected-card')).toBeNull();
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

describe("StatusScreen: the secret's life", () => {
  const aged = {
    ...configured,
    secretSetAt: '2026-09-01T10:00:00Z',
    secretAgeDays: 83,
    lastVerifiedDays: 0,
  };

  it('shows the age and, only once the organisation says so, the rotation reminder', async () => {
    mockCommands({});
    const { unmount } = renderInApp(StatusScreen, { status: aged, onDisconnected: vi.fn() });
    expect(screen.getByTestId('secret-age')).toHaveTextContent(
      'Secret saved 83 days ago, last verified today',
    );
    expect(screen.queryByTestId('rotation-due')).toBeNull();
    unmount();
    const user = userEvent.setup();
    const due = { ...aged, rotationReminderDays: 60, rotationDue: true };
    renderInApp(StatusScreen, { status: due, onDisconnected: vi.fn() });
    const banner = screen.getByTestId('rotation-due');
    expect(banner).toHaveTextContent(
      'It is 83 days old, and your organization asks for a new one every 60 days',
    );
    await user.click(screen.getByRole('button', { name: 'Rotate…' }));
    expect(await screen.findByRole('heading', { name: 'Reset credentials' })).toBeInTheDocument();
  });

  it('after a switch lists how to retire the old user and records the confirmation', async () => {
    const switched = {
      ...aged,
      username: 'green@msp.com',
      oldUser: { username: 'key@msp.com', switchedAt: '2026-11-23T10:00:00Z', retiredAt: null },
    };
    const retired = {
      ...switched,
      oldUser: { ...switched.oldUser, retiredAt: '2026-11-24T09:00:00Z' },
    };
    const ipc = mockCommands({ confirm_old_user_retired: () => retired });
    const user = userEvent.setup();
    renderInApp(StatusScreen, { status: switched, onDisconnected: vi.fn() });
    const card = screen.getByTestId('retire-old-user');
    expect(card).toHaveTextContent('Retire the old API user key@msp.com');
    expect(card).toHaveTextContent('remove the tracking identifier');
    const links = [...card.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual([
      'https://ww15.autotask.net/',
      expect.stringMatching(/^https:\/\/ww1\.autotask\.net\/help\/.*API_User_Add_Edit\.htm$/),
      expect.stringMatching(/^https:\/\/ww1\.autotask\.net\/help\/.*API_Tracking_Identifier\.htm$/),
    ]);
    await user.click(screen.getByTestId('confirm-retired'));
    await waitFor(() => expect(screen.queryByTestId('retire-old-user')).toBeNull());
    expect(ipc.called('confirm_old_user_retired')).toBe(true);
    expect(screen.getByTestId('old-user')).toHaveTextContent('key@msp.com · retired (confirmed');
  });
});
