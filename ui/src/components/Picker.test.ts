import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import PickerHarness from '../test/PickerHarness.svelte';
import { options } from '../test/fixtures';

const bound = () => screen.getByTestId('bound').textContent;
const queue = () => screen.getByRole('combobox', { name: 'Queue' });
const listbox = () => screen.getByRole('listbox', { hidden: true });
const shownOptions = () =>
  within(listbox())
    .queryAllByRole('option', { hidden: true })
    .map((o) => o.textContent?.trim());
const activeOption = (input: HTMLElement) =>
  document.getElementById(input.getAttribute('aria-activedescendant') ?? '');

describe('Picker (combobox)', () => {
  it('follows the WAI-ARIA combobox pattern: role, expanded, controls, active descendant, selected option', async () => {
    const user = userEvent.setup();
    render(PickerHarness, {
      id: 'queue',
      label: 'Queue',
      required: true,
      list: options.queues,
      value: 5,
    });
    const input = queue();
    expect(input).toHaveAttribute('aria-expanded', 'false');
    expect(input).toHaveAttribute('aria-autocomplete', 'list');
    expect(input).toHaveAttribute('aria-required', 'true');
    expect(input).not.toHaveAttribute('aria-activedescendant');
    expect(input).toHaveValue('Client Portal (5)');
    expect(listbox().id).toBe(input.getAttribute('aria-controls'));
    expect(listbox()).not.toBeVisible();
    await user.click(input);
    expect(input).toHaveAttribute('aria-expanded', 'true');
    expect(listbox()).toBeVisible();
    // Opening puts the active option on the current value, which is the one aria-selected.
    expect(activeOption(input)).toHaveTextContent('Client Portal (5)');
    expect(screen.getByRole('option', { name: 'Client Portal (5)' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(screen.getByRole('option', { name: 'Level I Support (29682833)' })).toHaveAttribute(
      'aria-selected',
      'false',
    );
  });

  it('filters by name (any case) or by ID as you type, inactive values apart', async () => {
    const user = userEvent.setup();
    render(PickerHarness, { id: 'queue', label: 'Queue', required: true, list: options.queues });
    await user.type(queue(), '2968');
    expect(shownOptions()).toEqual(['Level I Support (29682833)']);
    await user.clear(queue());
    await user.type(queue(), 'PORTAL');
    expect(shownOptions()).toEqual(['Client Portal (5)']);
    await user.clear(queue());
    await user.type(queue(), 'l');
    expect(shownOptions()).toEqual([
      'Client Portal (5)',
      'Level I Support (29682833)',
      'Old Queue (7)',
    ]);
    expect(screen.getByRole('option', { name: 'Old Queue (7)' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
    await user.clear(queue());
    await user.type(queue(), 'zzz');
    expect(screen.getByRole('option', { name: /No queue matches “zzz”/ })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  });

  it('selects with the arrows and Enter, and Escape closes without changing the value', async () => {
    const user = userEvent.setup();
    render(PickerHarness, { id: 'queue', label: 'Queue', required: true, list: options.queues });
    queue().focus();
    await user.keyboard('{ArrowDown}');
    expect(queue()).toHaveAttribute('aria-expanded', 'true');
    expect(activeOption(queue())).toHaveTextContent('Client Portal (5)');
    await user.keyboard('{ArrowDown}{ArrowDown}');
    // Clamped at the last active choice: the inactive one is never reached.
    expect(activeOption(queue())).toHaveTextContent('Level I Support (29682833)');
    await user.keyboard('{Enter}');
    expect(bound()).toBe('29682833');
    expect(queue()).toHaveAttribute('aria-expanded', 'false');
    expect(queue()).toHaveValue('Level I Support (29682833)');
    await user.keyboard('{ArrowUp}');
    expect(activeOption(queue())).toHaveTextContent('Level I Support (29682833)');
    await user.keyboard('{ArrowUp}');
    await user.keyboard('{Escape}');
    expect(queue()).toHaveAttribute('aria-expanded', 'false');
    expect(bound()).toBe('29682833');
    await user.clear(queue());
    await user.type(queue(), 'portal{Enter}');
    expect(bound()).toBe('5');
    expect(queue()).toHaveFocus();
  });

  it('Tab takes the highlighted match of what was typed, never silently the old value (L3)', async () => {
    const user = userEvent.setup();
    render(PickerHarness, {
      id: 'queue',
      label: 'Queue',
      required: true,
      list: options.queues,
      value: 29682833,
    });
    await user.click(queue());
    await user.keyboard('port');
    expect(activeOption(queue())).toHaveTextContent('Client Portal (5)');
    await user.tab();
    expect(bound()).toBe('5');
    expect(queue()).not.toHaveFocus();
    expect(queue()).toHaveValue('Client Portal (5)');
    // Opened without typing, Tab leaves the value as it was.
    await user.click(queue());
    await user.tab();
    expect(bound()).toBe('5');
  });

  it('never selects an inactive value, by click or by keys', async () => {
    const user = userEvent.setup();
    render(PickerHarness, {
      id: 'queue',
      label: 'Queue',
      required: true,
      list: options.queues,
      value: 5,
    });
    await user.clear(queue());
    await user.type(queue(), 'old');
    await user.click(screen.getByRole('option', { name: 'Old Queue (7)' }));
    await user.keyboard('{ArrowDown}{Enter}');
    expect(bound()).toBe('5');
  });

  it('hands back the chosen numeric ID, and null for the "Autotask default" row', async () => {
    const user = userEvent.setup();
    render(PickerHarness, { id: 'status', label: 'Status', list: options.statuses });
    const status = screen.getByRole('combobox', { name: 'Status (optional)' });
    expect(status).toHaveValue('Autotask default');
    await user.click(status);
    expect(shownOptions()).toEqual(['Autotask default', 'New (1)default']);
    await user.click(screen.getByRole('option', { name: /New \(1\)/ }));
    expect(bound()).toBe('1');
    await user.click(status);
    await user.click(screen.getByRole('option', { name: 'Autotask default' }));
    expect(bound()).toBe('null');
  });

  it('says when the saved choice is inactive in Autotask', () => {
    render(PickerHarness, {
      id: 'queue',
      label: 'Queue',
      required: true,
      list: options.queues,
      value: 7,
      savedId: 7,
    });
    expect(
      screen.getByText('The saved queue "Old Queue" (7) is inactive in Autotask. Pick another.'),
    ).toBeInTheDocument();
    expect(queue()).toHaveAttribute('aria-invalid', 'true');
    expect(queue()).toHaveValue('Old Queue (7)');
  });

  it('says when the saved choice no longer exists, naming it by its saved label', () => {
    render(PickerHarness, {
      id: 'queue',
      label: 'Queue',
      required: true,
      list: options.queues,
      value: 99,
      savedId: 99,
      savedLabel: 'Gone',
    });
    expect(queue()).toHaveAccessibleDescription(
      /^The saved queue "Gone" \(99\) no longer exists in Autotask. Pick another./,
    );
  });

  it('tells an ID saved unchecked (no name) that was never found from a deleted one (H3)', () => {
    render(PickerHarness, {
      id: 'queue',
      label: 'Queue',
      required: true,
      list: options.queues,
      value: 99,
      savedId: 99,
      savedLabel: null,
    });
    expect(queue()).toHaveAccessibleDescription(
      /^There is no queue with ID 99 in Autotask \(it was saved without checking\)\. Pick another\./,
    );
  });

  it('accepts a typed numeric ID and rejects anything else', async () => {
    const user = userEvent.setup();
    render(PickerHarness, {
      id: 'queue',
      label: 'Queue',
      required: true,
      list: options.queues,
      value: 5,
    });
    await user.click(screen.getByRole('button', { name: 'Type an ID instead' }));
    const typed = screen.getByLabelText('Queue ID');
    expect(typed).toHaveFocus();
    expect(typed).toHaveValue('5');
    // The old ID starts selected: typing replaces it (L3: 3 then 999 gave 3999).
    await user.keyboard('999');
    expect(bound()).toBe('999');
    await user.clear(typed);
    await user.type(typed, '12345');
    expect(bound()).toBe('12345');
    await user.type(typed, 'x');
    expect(bound()).toBe('null');
    await user.click(screen.getByRole('button', { name: 'Pick from the list' }));
    expect(queue()).toHaveFocus();
  });

  it('without the live lists offers only a typed ID, with the error beside it', () => {
    const error = {
      code: 'invalid_input' as const,
      message: 'Choose a queue.',
      remediation: '',
      field: 'queue' as const,
    };
    render(PickerHarness, { id: 'queue', label: 'Queue', required: true, list: null, error });
    const typed = screen.getByLabelText('Queue ID');
    expect(typed).toHaveAttribute('aria-invalid', 'true');
    expect(typed).toHaveAccessibleDescription('Choose a queue.');
    expect(screen.queryByRole('button', { name: 'Pick from the list' })).toBeNull();
    expect(screen.queryByRole('combobox')).toBeNull();
  });

  it('without the lists names only the saved value; a typed ID stays not checked (L11, H3)', async () => {
    const user = userEvent.setup();
    render(PickerHarness, {
      id: 'queue',
      label: 'Queue',
      required: true,
      list: null,
      value: 29682833,
      savedId: 29682833,
      savedLabel: 'Level I Support',
    });
    const typed = screen.getByLabelText('Queue ID');
    expect(typed).toHaveValue('29682833');
    expect(typed).toHaveAccessibleDescription(/Saved: Level I Support \(29682833\)$/);
    await user.clear(typed);
    await user.type(typed, '99');
    expect(screen.getByTestId('typed-note-queue')).toHaveTextContent(
      'ID 99 · not checked (the lists did not load)',
    );
    expect(screen.queryByText(/Level I Support/)).toBeNull();
  });

  it('does not call a typed, unsaved ID "saved" when Autotask has no such value', () => {
    render(PickerHarness, {
      id: 'category',
      label: 'Ticket category',
      required: true,
      list: options.categories,
      value: 999,
    });
    expect(screen.getByRole('combobox', { name: 'Ticket category' })).toHaveAccessibleDescription(
      /^There is no ticket category with ID 999 in Autotask. Pick another./,
    );
    expect(screen.queryByText(/saved/)).toBeNull();
  });

  it('drops an error once another value is chosen', async () => {
    const user = userEvent.setup();
    const error = {
      code: 'invalid_input' as const,
      message: 'There is no queue with ID 999 in this Autotask tenant.',
      remediation: '',
      field: 'queue' as const,
    };
    render(PickerHarness, {
      id: 'queue',
      label: 'Queue',
      required: true,
      list: options.queues,
      value: 999,
      error,
    });
    expect(queue()).toHaveAccessibleDescription(
      /There is no queue with ID 999 in this Autotask tenant/,
    );
    await user.click(queue());
    await user.click(screen.getByRole('option', { name: 'Client Portal (5)' }));
    expect(queue()).toHaveAttribute('aria-invalid', 'false');
    expect(screen.queryByText(/ID 999/)).toBeNull();
  });
});
