// The screens that load after the first frame (see lib/lazy.svelte.ts): the status screen and the
// wizard's steps after the first two, one declaration each.
import { Lazy } from '../lib/lazy.svelte';

export const StatusScreen = new Lazy(() => import('./StatusScreen.svelte'));
export const PasteCredentials = new Lazy(() => import('./steps/PasteCredentials.svelte'));
export const TestStep = new Lazy(() => import('./steps/TestStep.svelte'));
export const TicketDefaultsStep = new Lazy(() => import('./steps/TicketDefaultsStep.svelte'));
export const SaveStep = new Lazy(() => import('./steps/SaveStep.svelte'));
