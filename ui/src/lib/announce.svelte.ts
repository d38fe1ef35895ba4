// One polite aria-live region for results ("Connected to Autotask ...", errors, saves).
export const live = $state({ message: '' });

export function announce(message: string): void {
  // Clearing first makes screen readers repeat an identical message.
  live.message = '';
  queueMicrotask(() => {
    live.message = message;
  });
}
