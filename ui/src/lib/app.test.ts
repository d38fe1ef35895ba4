import { describe, expect, it } from 'vitest';
import { AppState } from './app.svelte';

describe('AppState', () => {
  it('starts each Test once the one before it has ended, failed or not', async () => {
    const app = new AppState();
    const order: string[] = [];
    let endFirst: () => void = () => undefined;
    const first = app.queueTest(
      () =>
        new Promise<never>((_, reject) => {
          order.push('first started');
          endFirst = () => reject(new Error('stopped'));
        }),
    );
    const second = app.queueTest(async () => order.push('second started'));
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual(['first started']);
    endFirst();
    await expect(first).rejects.toThrow('stopped');
    await second;
    expect(order).toEqual(['first started', 'second started']);
  });

  it('keeps each window its own: policy and announcements do not leak between instances', async () => {
    const managed = new AppState({
      source: 'policy.json',
      sources: [],
      keys: { QueueId: 7 },
      warnings: [],
    });
    const plain = new AppState();
    expect(managed.managedDefault('QueueId')).toBe(7);
    expect(plain.managedDefault('QueueId')).toBeUndefined();
    managed.announce('Saved.');
    await Promise.resolve();
    expect(managed.liveMessage).toBe('Saved.');
    expect(plain.liveMessage).toBe('');
  });
});
