import { screen } from '@testing-library/svelte';
import { renderInApp } from '../test/render';
import { describe, expect, it } from 'vitest';
import DefaultsForm from './DefaultsForm.svelte';
import DefaultsHarness from '../test/DefaultsHarness.svelte';
import { emptyDefaults } from '../lib/defaults';
import { AppState } from '../lib/app.svelte';
import { options } from '../test/fixtures';
import { ipcError, mockCommands } from '../test/ipc';
import userEvent from '@testing-library/user-event';
import { within } from '@testing-library/svelte';

const managedQueue = {
  source: '/etc/vectis-autotask-setup/policy.json',
  sources: ['/etc/vectis-autotask-setup/policy.json'],
  keys: { QueueId: 29682833, OfferTestTicket: false },
  warnings: [],
};

describe('DefaultsForm with values the organisation manages', () => {
  it('shows a managed queue as set by the organization, not as a picker, and uses it', async () => {
    mockCommands({ ticket_options: () => options });
    const defaults = emptyDefaults();
    renderInApp(DefaultsForm, { defaults }, new AppState(managedQueue));
    const managed = await screen.findByTestId('managed-queue');
    expect(managed).toHaveTextContent('Level I Support (29682833)');
    expect(managed).toHaveTextContent('Set by your organization');
    expect(screen.queryByRole('combobox', { name: /Queue/ })).toBeNull();
    expect(screen.getByRole('combobox', { name: /Ticket category/ })).toBeInTheDocument();
    expect(defaults.queueId).toBe(29682833);
    // OfferTestTicket: false hides the opt-in test ticket.
    expect(screen.queryByRole('button', { name: /test ticket/i })).toBeNull();
  });

  it('offers every picker and the test ticket when nothing is managed', async () => {
    mockCommands({ ticket_options: () => options });
    renderInApp(DefaultsForm, { defaults: emptyDefaults() });
    expect(await screen.findByRole('combobox', { name: /Queue/ })).toBeInTheDocument();
    expect(screen.queryByTestId('managed-queue')).toBeNull();
    expect(screen.getByRole('button', { name: /test ticket/i })).toBeInTheDocument();
  });
});

/** A tenant with a global default category and an API-only one to suggest. */
const apiOnlyLists = {
  ...options,
  categories: {
    choices: [
      { id: 3, label: 'Standard', isDefault: true },
      { id: 2, label: 'Datto RMM Alert', isDefault: false },
    ],
    inactive: [],
  },
  suggestedCategory: 2,
};

describe("DefaultsForm and the tenant's categories", () => {
  it('starts from the global default category and suggests the API-only one', async () => {
    const lists = { ...apiOnlyLists, defaultCategory: 3 };
    mockCommands({ ticket_options: () => lists });
    const defaults = emptyDefaults();
    renderInApp(DefaultsForm, { defaults });
    const suggestion = await screen.findByTestId('api-only-category');
    expect(defaults.categoryId).toBe(3);
    expect(suggestion).toHaveTextContent('use Datto RMM Alert (2)');
    expect(screen.getByText(/Vectis needs a queue and a ticket category/)).toBeInTheDocument();
  });

  it('puts the API-only suggestion under Ticket category with why, and it stays put once used (L2)', async () => {
    const user = userEvent.setup();
    const lists = apiOnlyLists;
    mockCommands({ ticket_options: () => lists });
    renderInApp(DefaultsHarness, { defaults: emptyDefaults() });
    const suggestion = await screen.findByTestId('api-only-category');
    // In the category's own cell, not a grid cell of its own (which pushed Status and Priority).
    expect(suggestion.parentElement).toBe(screen.getByTestId('picker-category').parentElement);
    expect(suggestion.parentElement?.parentElement?.children).toHaveLength(4);
    expect(suggestion).toHaveTextContent(
      'Autotask hides it in its own screens and only integrations can use it, so the tickets Vectis creates stay apart from those your technicians file.',
    );
    await user.click(within(suggestion).getByRole('button', { name: 'use Datto RMM Alert (2)' }));
    expect(screen.getByRole('combobox', { name: 'Ticket category' })).toHaveValue(
      'Datto RMM Alert (2)',
    );
    // The button is gone: focus is on the field it changed, not on the page.
    expect(screen.getByRole('combobox', { name: 'Ticket category' })).toHaveFocus();
    expect(screen.getByTestId('api-only-used')).toHaveTextContent(
      "Datto RMM Alert (2) is your tenant's API-only category.",
    );
    expect(within(screen.getByTestId('api-only-category')).queryByRole('button')).toBeNull();
    expect(screen.getByTestId('api-only-category')).toHaveTextContent('apart from those');
  });

  it('says on the managed field when the tenant lacks the managed value, and shows why Save failed (M1)', async () => {
    mockCommands({ ticket_options: () => options });
    const policy = { ...managedQueue, keys: { QueueId: 12345 } };
    const defaults = { ...emptyDefaults(), queueId: 29682834, queueLabel: 'Level II Support' };
    const error = {
      code: 'invalid_input' as const,
      message: 'There is no queue with ID 12345 in this Autotask tenant.',
      remediation: 'Pick an active queue.',
      field: 'queue' as const,
    };
    renderInApp(DefaultsForm, { defaults, errors: [error] }, new AppState(policy));
    const problem = await screen.findByTestId('managed-problem');
    expect(problem).toHaveTextContent('set queue 12345, which this Autotask tenant does not have');
    expect(problem).toHaveTextContent('ask whoever manages the policy');
    expect(screen.getByTestId('error-card')).toHaveTextContent('There is no queue with ID 12345');
    // The old name does not travel to the managed ID.
    expect(defaults.queueId).toBe(12345);
    expect(defaults.queueLabel).toBeNull();
  });
});

describe('DefaultsForm when the lists fail (L11)', () => {
  it('offers Load the lists again, which keeps what was typed and names only the saved value', async () => {
    const user = userEvent.setup();
    let fail = true;
    mockCommands({
      ticket_options: () => {
        if (fail) throw ipcError('timeout', 'Autotask did not answer in time.');
        return options;
      },
    });
    const saved = {
      ...emptyDefaults(),
      queueId: 29682833,
      queueLabel: 'Level I Support',
      categoryId: 3,
      categoryLabel: 'Standard',
    };
    const defaults = { ...saved };
    renderInApp(DefaultsHarness, { defaults, saved });
    const reload = await screen.findByRole('button', { name: 'Load the lists again' });
    expect(screen.getByLabelText('Queue ID')).toHaveAccessibleDescription(
      /Saved: Level I Support \(29682833\)/,
    );
    await user.clear(screen.getByLabelText('Ticket category ID'));
    await user.type(screen.getByLabelText('Ticket category ID'), '999');
    expect(screen.getByTestId('typed-note-category')).toHaveTextContent('ID 999 · not checked');
    // Still failing: the card stays, and the typed ID too.
    await user.click(reload);
    await screen.findByRole('button', { name: 'Load the lists again' });
    expect(screen.getByLabelText('Ticket category ID')).toHaveValue('999');
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Load the lists again' }));
    const category = await screen.findByRole('combobox', { name: 'Ticket category' });
    expect(screen.queryByRole('button', { name: 'Load the lists again' })).toBeNull();
    expect(screen.queryByTestId('error-card')).toBeNull();
    expect(category).toHaveValue('999');
    expect(category).toHaveAccessibleDescription(/There is no ticket category with ID 999/);
    expect(screen.getByRole('combobox', { name: 'Queue' })).toHaveValue(
      'Level I Support (29682833)',
    );
  });
});
