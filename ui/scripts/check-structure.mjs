// The UI half of .ci/check-structure: no function over 60 lines, no TypeScript module over 400 lines,
// no component over 400 lines or with a <script> over 150 (state and logic beyond that belong in a
// .svelte.ts module). Tests (*.test.ts, src/test/) and the generated bindings.ts are not counted.
// Functions are found by TypeScript's own parser, in .ts files and in components' <script> blocks.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export const limits = { functionLines: 60, fileLines: 400, componentLines: 400, scriptLines: 150 };

const isFunction = (n) =>
  ts.isFunctionDeclaration(n) ||
  ts.isFunctionExpression(n) ||
  ts.isArrowFunction(n) ||
  ts.isMethodDeclaration(n) ||
  ts.isConstructorDeclaration(n) ||
  ts.isGetAccessorDeclaration(n) ||
  ts.isSetAccessorDeclaration(n);

/** Each function over the limit in `code`, whose first line is line `offset + 1` of `file`. */
function longFunctions(file, code, offset = 0) {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found = [];
  const visit = (node) => {
    if (isFunction(node)) {
      const line = (pos) => source.getLineAndCharacterOfPosition(pos).line;
      const first = line(node.getStart(source));
      const lines = line(node.getEnd()) - first + 1;
      const name =
        node.name?.getText(source) ?? node.parent?.name?.getText?.(source) ?? '(anonymous)';
      if (lines > limits.functionLines)
        found.push(
          `${file}:${offset + first + 1}: function is ${lines} lines (max ${limits.functionLines}): ${name}`,
        );
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** What is wrong with one file's size or its functions. */
export function check(file, text) {
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (!file.endsWith('.svelte')) {
    const big =
      lines > limits.fileLines ? [`${file}: ${lines} lines (max ${limits.fileLines})`] : [];
    return [...big, ...longFunctions(file, text)];
  }
  const problems =
    lines > limits.componentLines ? [`${file}: ${lines} lines (max ${limits.componentLines})`] : [];
  for (const m of text.matchAll(/(<script[^>]*>)([\s\S]*?)<\/script>/g)) {
    const offset = text.slice(0, m.index + m[1].length).split('\n').length - 1;
    const scriptLines = m[2].split('\n').length - 2;
    if (scriptLines > limits.scriptLines)
      problems.push(
        `${file}:${offset}: <script> is ${scriptLines} lines (max ${limits.scriptLines})`,
      );
    problems.push(...longFunctions(file, m[2], offset));
  }
  return problems;
}

/** The UI's source files that count: not tests, test helpers or generated code. */
export function sources(src) {
  return readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|svelte)$/.test(f))
    .filter((f) => !f.endsWith('.test.ts') && !f.startsWith('test/') && f !== 'lib/bindings.ts')
    .sort();
}

/** The check catches what it should, on samples (a broken parser would otherwise pass everything). */
function selfTest() {
  const body = (n) => Array.from({ length: n }, (_, i) => `  x += ${i};`).join('\n');
  const fn = (n) => `function f() {\n${body(n - 2)}\n}\n`;
  const method = (n) => `class C {\n  m() {\n${body(n - 2)}\n  }\n}\n`;
  const expect = (what, problems, count) => {
    if (problems.length !== count)
      throw new Error(`self-test (${what}): ${JSON.stringify(problems)}`);
  };
  expect('60-line function', check('a.ts', fn(60)), 0);
  expect('61-line function', check('a.ts', fn(61)), 1);
  expect('61-line method', check('a.ts', method(61)), 1);
  expect('61-line arrow', check('a.ts', `const f = () => {\n${body(59)}\n};\n`), 1);
  const inComponent = check('a.svelte', `<p></p>\n<script lang="ts">\n${fn(61)}</script>\n`);
  expect(
    'component line',
    inComponent.filter((p) => p.startsWith('a.svelte:3: function')),
    1,
  );
  expect('long script', check('a.svelte', `<script>\n${body(151)}\n</script>\n`), 1);
  expect('long module', check('a.ts', `${body(401)}\n`), 1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  selfTest();
  const src = join(import.meta.dirname, '../src');
  const problems = sources(src).flatMap((f) =>
    check(relative(join(src, '../..'), join(src, f)), readFileSync(join(src, f), 'utf8')),
  );
  for (const p of problems) console.log(p);
  if (problems.length) process.exit(1);
  const { functionLines, fileLines, componentLines, scriptLines } = limits;
  console.log(
    `structure (UI): every function within ${functionLines} lines, every module within ${fileLines}, ` +
      `every component within ${componentLines} with a <script> within ${scriptLines}`,
  );
}
