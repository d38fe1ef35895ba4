import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import PickerHarness from '../test/PickerHarness.svelte';
import { options } from '../test/fixtures';

const bound = () => screen.getByTestId('bound').textContent;
const optionLabels = () => within(screen.getByLabelText('Queue')).getAllByRole('option').map((o) => o.textContent);

describe('Picker', () => {
  it('offers only active choices and filters them by name or ID, keeping the selected one', async () => {
    const user = userEvent.setup();
    render(PickerHarness, { id: 'queue', label: 'Queue', required: true, list: options.queues });
    expect(optionLabels()).toEqual(['Choose a queue…', 'Client Portal (5)', 'Level I Support (29682833)']);
    const search = screen.getByLabelText('Search queue');
    await user.type(search, '2968');
    expect(optionLabels()).toEqual(['Choose a queue…', 'Level I Support (29682833)']);
    await user.clear(search);
    await user.type(search, 'PORTAL');
    expect(optionLabels()).toEqual(['Choose a queue…', 'Client Portal (5)']);
    await user.selectOptions(screen.getByLabelText('Queue'), 'Client Portal (5)');
    await user.clear(search);
    await user.type(search, 'level');
    // The current choice stays listed, so the select never silently shows another one.
    expect(optionLabels()).toEqual(['Choose a queue…', 'Client Portal (5)', 'Level I Support (29682833)']);
  });

  it('hands back the chosen numeric ID, and null for the empty choice', async () => {
    const user = userEvent.setup();
    render(PickerHarness, { id: 'status', label: 'Status', list: options.statuses });
    expect(screen.getByRole('option', { name: 'Autotask default' })).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Status'), 'New (1) — default');
    expect(bound()).toBe('1');
    await user.selectOptions(screen.getByLabelText('Status'), 'Autotask default');
    expect(bound()).toBe('null');
  });

  it('says when the saved choice is inactive in Autotask', () => {
    render(PickerHarness, { id: 'queue', label: 'Queue', required: true, list: options.queues, value: 7 });
    expect(screen.getByText('The saved queue "Old Queue" (7) is inactive in Autotask. Pick another.')).toBeInTheDocument();
    expect(screen.getByLabelText('Queue')).toHaveAttribute('aria-invalid', 'true');
  });

  it('says when the saved choice no longer exists, naming it by its saved label', () => {
    render(PickerHarness, { id: 'queue', label: 'Queue', required: true, list: options.queues, value: 99, savedLabel: 'Gone' });
    expect(screen.getByLabelText('Queue')).toHaveAccessibleDescription('The saved queue "Gone" (99) no longer exists in Autotask. Pick another.');
  });

  it('accepts a typed numeric ID and rejects anything else', async () => {
    const user = userEvent.setup();
    render(PickerHarness, { id: 'queue', label: 'Queue', required: true, list: options.queues, value: 5 });
    await user.click(screen.getByRole('button', { name: 'Type an ID instead' }));
    const typed = screen.getByLabelText('Queue ID');
    expect(typed).toHaveValue('5');
    await user.clear(typed);
    await user.type(typed, '12345');
    expect(bound()).toBe('12345');
    await user.type(typed, 'x');
    expect(bound()).toBe('null');
    await user.click(screen.getByRole('button', { name: 'Pick from the list' }));
    expect(screen.getByLabelText('Queue')).toBeInstanceOf(HTMLSelectElement);
  });

  it('without the live lists offers only a typed ID, with the error beside it', () => {
    const error = { code: 'invalid_input' as const, message: 'Choose a queue.', remediation: '', field: 'queue' as const };
    render(PickerHarness, { id: 'queue', label: 'Queue', required: true, list: null, error });
    const typed = screen.getByLabelText('Queue ID');
    expect(typed).toHaveAttribute('aria-invalid', 'true');
    expect(typed).toHaveAccessibleDescription('Choose a queue.');
    expect(screen.queryByRole('button', { name: 'Pick from the list' })).toBeNull();
    expect(screen.queryByRole('combobox')).toBeNull();
  });
});
