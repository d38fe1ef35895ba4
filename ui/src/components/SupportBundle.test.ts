import { screen, waitFor } from '@testing-library/svelte';
import { renderInApp } from '../test/render';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import SupportBundle from './SupportBundle.svelte';
import TestPanelHarness from '../test/TestPanelHarness.svelte';
import { failedReport, okReport } from '../test/fixtures';
import { ipcError, mockCommands } from '../test/ipc';

const bundle =
  '{\n  "summary": [\n    "Vectis Autotask Setup 0.1.0"\n  ],\n  "format": "vectis-support-bundle/2"\n}';

describe('SupportBundle', () => {
  it('previews exactly the text Rust made and saves that text', async () => {
    const ipc = mockCommands({
      support_bundle: () => bundle,
      save_support_bundle: () => '/home/me/vectis-support-2026-01-31.json',
    });
    const user = userEvent.setup();
    renderInApp(SupportBundle, {});
    await user.click(screen.getByRole('button', { name: 'Save support bundle…' }));
    const pre = await screen.findByTestId('bundle-text');
    expect(pre.textContent).toBe(bundle);
    expect(pre).toHaveFocus();
    await user.click(screen.getByTestId('save-bundle'));
    await waitFor(() => expect(ipc.argsOf('save_support_bundle')).toEqual([{ text: bundle }]));
    expect(await screen.findByTestId('bundle-saved')).toHaveTextContent(
      'Saved to /home/me/vectis-support-2026-01-31.json',
    );
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.getByRole('button', { name: 'Save support bundle…' })).toHaveFocus();
  });

  it('says nothing was saved when the dialog is cancelled, and shows a failure', async () => {
    let fail = false;
    mockCommands({
      support_bundle: () => bundle,
      save_support_bundle: () => {
        if (fail) throw ipcError('internal', 'The support bundle could not be written.');
        return null;
      },
    });
    const user = userEvent.setup();
    renderInApp(SupportBundle, {});
    await user.click(screen.getByRole('button', { name: 'Save support bundle…' }));
    await user.click(await screen.findByTestId('save-bundle'));
    expect(screen.queryByTestId('bundle-saved')).toBeNull();
    fail = true;
    await user.click(screen.getByTestId('save-bundle'));
    expect(await screen.findByTestId('error-card')).toHaveTextContent('could not be written');
  });
});

describe('TestPanel offers the bundle', () => {
  it('after a failed Test only', async () => {
    let report = failedReport('timeout');
    mockCommands({ start_test: () => report });
    const user = userEvent.setup();
    renderInApp(TestPanelHarness, { request: () => ({ target: { kind: 'saved' } }) });
    await user.click(screen.getByTestId('run-test'));
    expect(await screen.findByTestId('support-bundle')).toBeInTheDocument();
    report = okReport;
    await user.click(screen.getByTestId('run-test'));
    await waitFor(() => expect(screen.queryByTestId('support-bundle')).toBeNull());
  });
});
