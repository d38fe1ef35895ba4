// Screens the first frame does not show load as chunks of their own: every kilobyte of script
// in the first chunk is time before the first frame (issue 27, docs/benchmarks.md). Once loaded,
// a screen renders at once; `preloadAll` fetches the rest right after the first frame, so a
// click never waits on a fetch.
import type { Component } from 'svelte';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any component's props
type AnyComponent = Component<any>;

const all: Lazy<AnyComponent>[] = [];

export class Lazy<T extends AnyComponent> {
  current = $state<T | null>(null);
  #loading: Promise<T> | undefined;
  readonly #importer: () => Promise<{ default: T }>;

  constructor(importer: () => Promise<{ default: T }>) {
    this.#importer = importer;
    all.push(this as unknown as Lazy<AnyComponent>);
  }

  /** Resolves with the component once its chunk has loaded (fetched once). */
  load(): Promise<T> {
    this.#loading ??= this.#importer().then((m) => (this.current = m.default));
    return this.#loading;
  }
}

/** Loads every lazy screen declared so far. */
export function preloadAll(): Promise<unknown> {
  return Promise.all(all.map((lazy) => lazy.load()));
}
