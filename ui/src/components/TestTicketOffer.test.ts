import { screen, waitFor } from '@testing-library/svelte';
import { renderInApp } from '../test/render';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import TestTicketOffer from './TestTicketOffer.svelte';
import { emptyDefaults } from '../lib/defaults';
import { testTicket, ticketPlan } from '../test/fixtures';
import { ipcError, mockCommands } from '../test/ipc';

const chosen = {
  ...emptyDefaults(),
  queueId: 29682833,
  queueLabel: 'Level I Support',
  categoryId: 3,
  categoryLabel: 'Standard',
};

describe('TestTicketOffer', () => {
  it('shows what the ticket will be before anything is sent, then the ticket number and link', async () => {
    const ipc = mockCommands({
      test_ticket_plan: ({ defaults }) => ticketPlan(defaults),
      create_test_ticket: ({ defaults }) => testTicket(defaults),
    });
    const user = userEvent.setup();
    renderInApp(TestTicketOffer, { defaults: chosen });
    await user.click(screen.getByRole('button', { name: 'Send a test ticket…' }));
    const plan = await screen.findByTestId('ticket-plan');
    expect(plan).toHaveTextContent('Vectis test ticket — safe to close');
    expect(plan).toHaveTextContent('Level I Support (29682833)');
    expect(plan).toHaveTextContent('New (1) — the list’s default');
    expect(plan).toHaveTextContent('24 hours after sending');
    expect(ipc.called('create_test_ticket')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Create the test ticket' }));
    const result = await screen.findByTestId('test-ticket');
    expect(result.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Ticket T20261124.0001 created. Open it in Autotask',
    );
    expect(screen.getByRole('link', { name: 'Open it in Autotask' })).toHaveAttribute(
      'href',
      expect.stringContaining('ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=4711'),
    );
  });

  it('keeps focus on what each action shows: the plan, Send again after Cancel, the created ticket (L1)', async () => {
    mockCommands({
      test_ticket_plan: ({ defaults }) => ticketPlan(defaults),
      create_test_ticket: ({ defaults }) => testTicket(defaults),
    });
    const user = userEvent.setup();
    renderInApp(TestTicketOffer, { defaults: chosen });
    await user.click(screen.getByRole('button', { name: 'Send a test ticket…' }));
    await waitFor(() =>
      expect(screen.getByText('Create this ticket on your own company in Autotask?')).toHaveFocus(),
    );
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Send a test ticket…' })).toHaveFocus(),
    );
    await user.click(screen.getByRole('button', { name: 'Send a test ticket…' }));
    await user.click(await screen.findByRole('button', { name: 'Create the test ticket' }));
    await waitFor(() => expect(screen.getByTestId('test-ticket')).toHaveFocus());
  });

  it('names a ticket whose number could not be read back by its ID, never as a number', async () => {
    mockCommands({
      test_ticket_plan: ({ defaults }) => ticketPlan(defaults),
      create_test_ticket: ({ defaults }) => ({ ...testTicket(defaults), ticketNumber: null }),
    });
    const user = userEvent.setup();
    renderInApp(TestTicketOffer, { defaults: chosen });
    await user.click(screen.getByRole('button', { name: 'Send a test ticket…' }));
    await user.click(await screen.findByRole('button', { name: 'Create the test ticket' }));
    const result = await screen.findByTestId('test-ticket');
    const text = result.textContent?.replace(/\s+/g, ' ').trim();
    expect(text).toContain('Ticket with ID 4711 created.');
    expect(text).toContain('Its ticket number could not be read back');
    expect(text).not.toContain('Ticket 4711');
  });

  it('shows why no plan could be made, and sends nothing', async () => {
    const ipc = mockCommands({
      test_ticket_plan: () => {
        throw ipcError('managed_by_policy', 'OfferTestTicket is set by your organization.');
      },
    });
    const user = userEvent.setup();
    renderInApp(TestTicketOffer, { defaults: chosen });
    await user.click(screen.getByRole('button', { name: 'Send a test ticket…' }));
    await waitFor(() =>
      expect(screen.getByTestId('error-card')).toHaveTextContent(
        'OfferTestTicket is set by your organization.',
      ),
    );
    expect(ipc.called('create_test_ticket')).toBe(false);
  });

  it('waits for a queue and a category', () => {
    mockCommands({});
    renderInApp(TestTicketOffer, { defaults: emptyDefaults() });
    expect(screen.getByRole('button', { name: 'Send a test ticket…' })).toBeDisabled();
  });
});
