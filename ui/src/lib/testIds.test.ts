// The one list of test ids against every place that names one: a renamed id fails here (the UI) or
// in the E2E build (tests/e2e/build.rs makes constants of the list), never silently in a window run.
/// <reference types="node" />
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestId } from './testIds';

const root = join(__dirname, '../../..');

/** The text of every file under `dir` (from the repo root) ending in `ext`, by path. */
function read(dir: string, ext: string, except?: string): Record<string, string> {
  const names = readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' });
  const paths = names.filter((n) => n.endsWith(ext) && !n.endsWith(except ?? '\0'));
  return Object.fromEntries(
    paths.map((n) => [`${dir}/${n}`, readFileSync(join(root, dir, n), 'utf8')]),
  );
}

const components = read('ui/src', '.svelte');
const scripts = read('ui/src', '.ts', 'testIds.test.ts');
const rust = {
  ...read('tests/e2e/src', '.rs'),
  ...read('tests/e2e/tests', '.rs'),
  ...read('tests/e2e/examples', '.rs'),
};

const listed = Object.values(TestId);

/** `[file, id]` for each match of `pattern`'s first group. */
const found = (sources: Record<string, string>, pattern: RegExp): [string, string][] =>
  Object.entries(sources).flatMap(([file, text]) =>
    [...text.matchAll(pattern)].map((m): [string, string] => [file, m[1] ?? '']),
  );

/** Whether `id` is listed, directly or as one field's id of an `x-{field}` entry. */
const isListed = (id: string) =>
  listed.some((l) =>
    l.endsWith('{field}') ? id.startsWith(l.slice(0, -'{field}'.length)) : l === id,
  );

// The components declare the ids: `data-testid="x"` or `data-testid="x-{id}"`.
const declared = found(components, /data-testid="([^"]+)"/g).map(([file, id]): [string, string] => [
  file,
  id.replace(/\{[^}]+\}$/, '{field}'),
]);
// The Vitest tests and the mock find them: `getByTestId('x')`, `[data-testid=x]`.
const named = [
  ...found(scripts, /ByTestId\(\s*'([^']+)'/g),
  ...found(scripts, /\[data-testid=([a-z-]+)\]/g),
];

describe('test ids', () => {
  it('every id a component declares is in the list', () => {
    expect(declared.filter(([, id]) => !listed.includes(id))).toEqual([]);
  });

  it('every id in the list is declared by a component', () => {
    const ids = declared.map(([, id]) => id);
    expect(listed.filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('every id a Vitest test or the mock looks for is in the list', () => {
    expect(named.length).toBeGreaterThan(20);
    expect(named.filter(([, id]) => !isListed(id))).toEqual([]);
  });

  it('the Rust E2E names ids only through the constants build.rs makes of the list', () => {
    expect(Object.keys(rust).length).toBeGreaterThan(3);
    expect(found(rust, /(\[data-testid=[a-z-]+)/g)).toEqual([]);
  });
});
