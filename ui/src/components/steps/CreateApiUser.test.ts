import { screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import CreateApiUser, { noTicks } from './CreateApiUser.svelte';
import { renderInApp } from '../../test/render';
import { notConfigured } from '../../test/fixtures';
import { mockCommands } from '../../test/ipc';

describe('CreateApiUser', () => {
  it('records the items the API cannot verify (with their date, in Rust), and only those', async () => {
    const ipc = mockCommands({ affirm: () => notConfigured });
    const user = userEvent.setup();
    renderInApp(CreateApiUser, { ticks: noTicks(), onNext: vi.fn() });
    const box = (guide: string) =>
      document.querySelector<HTMLInputElement>(`[data-guide=${guide}] input`)!;
    await user.click(box('newApiUser'));
    await user.click(box('passwordNeverExpires'));
    await user.click(box('lineOfBusiness'));
    await user.click(box('protectedData'));
    await user.click(box('protectedData'));
    await waitFor(() => expect(ipc.argsOf('affirm')).toHaveLength(4));
    expect(ipc.argsOf('affirm')).toEqual([
      { item: 'passwordNeverExpires', ticked: true },
      { item: 'allLinesOfBusiness', ticked: true },
      { item: 'protectedData', ticked: true },
      { item: 'protectedData', ticked: false },
    ]);
    expect(screen.getByText(/ticking them\s+records the date/)).toBeInTheDocument();
  });
});
