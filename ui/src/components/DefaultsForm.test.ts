import { screen } from '@testing-library/svelte';
import { renderInApp } from '../test/render';
import { describe, expect, it } from 'vitest';
import DefaultsForm from './DefaultsForm.svelte';
import { emptyDefaults } from '../lib/defaults';
import { AppState } from '../lib/app.svelte';
import { options } from '../test/fixtures';
import { mockCommands } from '../test/ipc';

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

describe("DefaultsForm and the tenant's categories", () => {
  it('starts from the global default category and suggests the API-only one', async () => {
    const lists = {
      ...options,
      categories: {
        choices: [
          { id: 3, label: 'Standard', isDefault: true },
          { id: 2, label: 'Datto RMM Alert', isDefault: false },
        ],
        inactive: [],
      },
      suggestedCategory: 2,
      defaultCategory: 3,
    };
    mockCommands({ ticket_options: () => lists });
    const defaults = emptyDefaults();
    renderInApp(DefaultsForm, { defaults });
    const suggestion = await screen.findByTestId('api-only-category');
    expect(defaults.categoryId).toBe(3);
    expect(suggestion).toHaveTextContent('use Datto RMM Alert (2)');
    expect(screen.getByText(/Vectis needs a queue and a ticket category/)).toBeInTheDocument();
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
