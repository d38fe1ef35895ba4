import { describe, expect, it, vi } from 'vitest';
import { Lazy } from './lazy.svelte';
import ErrorCard from '../components/ErrorCard.svelte';

describe('Lazy', () => {
  it('fetches its chunk once, and has no component until it has loaded', async () => {
    let release = () => {};
    const importer = vi.fn(
      () =>
        new Promise<{ default: typeof ErrorCard }>((done) => {
          release = () => done({ default: ErrorCard });
        }),
    );
    const lazy = new Lazy(importer);
    expect(importer).not.toHaveBeenCalled();
    const first = lazy.load();
    const second = lazy.load();
    expect(importer).toHaveBeenCalledTimes(1);
    expect(lazy.current).toBeNull();
    release();
    expect(await first).toBe(ErrorCard);
    expect(await second).toBe(ErrorCard);
    expect(lazy.current).toBe(ErrorCard);
    await lazy.load();
    expect(importer).toHaveBeenCalledTimes(1);
  });
});
