import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import Checklist from './Checklist.svelte';
import type { Check } from '../lib/bindings';

const checks: Check[] = [
  { id: 'signIn', label: 'Sign in as the API user', status: 'pass', message: 'Signed in' },
  {
    id: 'permission.Companies.read',
    label: 'Permission: read Companies',
    status: 'pass',
    message: 'Granted',
  },
  {
    id: 'permission.Tickets.read',
    label: 'Permission: read Tickets',
    status: 'warn',
    message: 'Restricted: only some Tickets.',
  },
  {
    id: 'permission.TimeEntries.read',
    label: 'Permission: read Time Entries',
    status: 'pass',
    message: 'Granted',
  },
  {
    id: 'permission.Tickets.create',
    label: 'Permission: create Tickets',
    status: 'fail',
    message: 'Missing: cannot create Tickets.',
  },
  { id: 'usage', label: 'API usage this hour', status: 'running', message: '' },
];

const rowText = (name: string) =>
  within(screen.getByRole('row', { name: new RegExp(`^${name}`) }))
    .getAllByRole('cell')
    .map((c) => c.textContent?.replace(/\s+/g, ' ').trim());

describe('Checklist', () => {
  it('shows the permission checks as one table (entity, read, create), in place of the first one', () => {
    render(Checklist, { checks });
    const table = screen.getByRole('table', {
      name: "Permissions of the API user's security level",
    });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Entity', 'Read', 'Create']);
    expect(rowText('Tickets')).toEqual(['! Restricted', '✕ Missing']);
    expect(rowText('Companies')).toEqual(['✓ Granted', '—Not needed']);
    expect(rowText('Time Entries')).toEqual(['✓ Granted', '—Not needed']);
    // The other checks stay lines, in order around the table; why a permission falls short is said below it.
    const items = screen.getAllByRole('listitem').map((li) => li.textContent ?? '');
    expect(items[0]).toContain('Sign in as the API user');
    expect(items[1]).toContain('Permissions');
    expect(items.at(-1)).toContain('API usage this hour');
    expect(screen.getByText('Missing: cannot create Tickets.')).toBeInTheDocument();
    expect(screen.queryByText('Granted', { selector: 'li' })).toBeNull();
  });

  it('has no table before any permission check arrives', () => {
    render(Checklist, { checks: checks.slice(0, 1) });
    expect(screen.queryByRole('table')).toBeNull();
  });
});
