import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import BeyondNeed from './BeyondNeed.svelte';
import PermissionTable from './PermissionTable.svelte';
import StatusScreen from './StatusScreen.svelte';
import { configured, okReport } from '../test/fixtures';
import { renderInApp } from '../test/render';
import { mockCommands } from '../test/ipc';
import { REQUIRED_PERMISSIONS } from '../lib/bindings';
import { beyondNeed } from '../mock/data';

describe('What a Test found beyond pass or fail', () => {
  it('lists every right beyond need collapsed, with its count and the least-privilege fix', async () => {
    render(BeyondNeed, { report: beyondNeed });
    const details = screen.getByTestId('excess-permissions') as HTMLDetailsElement;
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')).toHaveTextContent('More than Vectis needs: 4 rights');
    await userEvent.setup().click(within(details).getByText(/More than Vectis needs/));
    expect(details.open).toBe(true);
    const rights = [...details.querySelectorAll('li')].map((li) => li.textContent?.trim());
    expect(rights).toEqual([
      'update Companies All',
      'update Tickets All',
      'delete Tickets All',
      'read Invoices Restricted',
    ]);
    expect(details).toHaveTextContent("Can't Read Costs (API-only)");
  });

  it('shows a Line of Business warning with its fix, and nothing when there is nothing', () => {
    render(BeyondNeed, { report: beyondNeed });
    const warnings = screen.getByTestId('test-warnings');
    expect(warnings).toHaveTextContent('may lack a Line of Business');
    expect(warnings).toHaveTextContent('associate it with every Line of Business');
    document.body.innerHTML = '';
    render(BeyondNeed, { report: okReport });
    expect(screen.queryByTestId('test-warnings')).toBeNull();
    expect(screen.queryByTestId('excess-permissions')).toBeNull();
  });

  it('says in one line why Vectis needs each required right', () => {
    render(PermissionTable, { checks: [] });
    const why = screen.getByTestId('permission-why');
    expect(why.querySelectorAll('li')).toHaveLength(REQUIRED_PERMISSIONS.length);
    expect(why).toHaveTextContent(
      "read Contracts: Vectis's rules decide by the company's contract.",
    );
  });

  it('names the tenant on the status screen', () => {
    mockCommands({});
    const status = { ...configured, tenant: { name: 'Contoso Managed Services', id: 20264 } };
    renderInApp(StatusScreen, { status, onDisconnected: vi.fn() });
    expect(screen.getByTestId('status-tenant')).toHaveTextContent(
      'Contoso Managed Services (tenant 20264)',
    );
  });
});
