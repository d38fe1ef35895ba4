// Steps the App-level tests share: getting through the wizard, and the accessibility check.
import { screen } from '@testing-library/svelte';
import type userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { expect } from 'vitest';

export type User = ReturnType<typeof userEvent.setup>;

export async function noSeriousViolations() {
  const results = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  const serious = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
}

export async function toCredentials(user: User) {
  await screen.findByRole('heading', { name: "What you'll need" });
  await user.click(screen.getByRole('button', { name: 'Next' }));
  await user.click(screen.getByRole('button', { name: 'Next' }));
  await screen.findByRole('heading', { name: 'Paste credentials' });
}

export async function fillCredentials(user: User) {
  await toCredentials(user);
  await user.type(screen.getByLabelText('Integration code'), 'ABCDEFGHIJKLMNOPQRSTUVWXY27');
  await user.type(screen.getByLabelText('Username (Key)'), 'key@msp.com');
  await user.type(screen.getByLabelText('Secret'), 'S3cret!');
  await user.click(screen.getByRole('button', { name: 'Next' }));
}

export async function fillAndTest(user: User) {
  await fillCredentials(user);
  await screen.findByRole('heading', { name: 'Test' });
  await user.click(screen.getByRole('button', { name: 'Test connection' }));
}

/** Through a passing Test to the Ticket defaults step. */
export async function toDefaults(user: User) {
  await fillAndTest(user);
  await screen.findByTestId('test-success');
  await user.click(screen.getByRole('button', { name: 'Next' }));
  await screen.findByRole('heading', { name: 'Ticket defaults' });
}

/** Chooses in a Picker's combobox as a user would: type part of the name or ID, then pick the option. */
export async function pick(
  user: User,
  label: string | RegExp,
  query: string,
  option: string | RegExp,
) {
  const input = await screen.findByRole('combobox', { name: label });
  await user.clear(input);
  await user.type(input, query);
  await user.click(screen.getByRole('option', { name: option }));
}
