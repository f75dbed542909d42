import { undeclaredImports, usages, type Manifest, type SourceFile } from './check-deps.js';

// Made-up package names, so that this file itself names none of the project's packages.
const manifest: Manifest = {
  scripts: {
    test: 'NODE_OPTIONS=--x zz-runner --ci',
    bench: 'node --import zz-loader bench/main.ts',
    fmt: 'zz-fmt --check . && echo done',
  },
  dependencies: {
    'zz-used': '1',
    'zz-sub': '1',
    '@zz/scoped': '1',
    'zz-unused': '1',
    'zz-loader': '1',
    'zz-dynamic': '1',
  },
  devDependencies: {
    'zz-runner': '1',
    'zz-fmt': '1',
    '@types/zz-used': '1',
    '@types/zz-unused': '1',
    '@types/zz__scoped': '1',
    '@types/node': '1',
  },
  optionalDependencies: { 'zz-optional': '1' },
};
// Quotes are added at run time, so that this file's own text imports none of these names.
const q = "'";
const dq = '"';
const files: SourceFile[] = [
  { path: 'a.ts', text: `import { x } from ${q}zz-used${q};\nimport { readFile } from ${q}node:fs${q};` },
  {
    path: 'b.ts',
    text: `import { stringify } from ${q}zz-sub/sync${q};\nexport * from ${dq}@zz/scoped/deep/path${dq};`,
  },
  { path: 'c.ts', text: 'const HELPER = `zz-dynamic`;\nawait import(HELPER);' },
  { path: 'd.ts', text: '// zz-optional is only mentioned in a comment, not as a specifier' },
];
const bins = (name: string) =>
  ({ 'zz-runner': ['zz-runner'], 'zz-fmt': ['zz-fmt'], 'zz-used': ['zz-fmt'] })[name] ?? [];

test('each package is found where a file names it or a script runs or loads it', () => {
  const byName = Object.fromEntries(usages(manifest, files, bins).map((u) => [u.name, u.usedBy]));
  expect(byName).toEqual({
    'zz-used': ['a.ts', 'script fmt'],
    'zz-sub': ['b.ts'],
    '@zz/scoped': ['b.ts'],
    'zz-unused': [],
    'zz-loader': ['script bench'],
    'zz-dynamic': ['c.ts'],
    'zz-runner': ['script test'],
    'zz-fmt': ['script fmt'],
    '@types/zz-used': ['@types of zz-used'],
    '@types/zz-unused': [],
    '@types/zz__scoped': ['@types of @zz/scoped'],
    '@types/node': ['@types of node: node: imports'],
    'zz-optional': [],
  });
});

test('an unused package is reported with the field that lists it', () => {
  const unused = usages(manifest, files, bins).filter((u) => u.usedBy.length === 0);
  expect(unused.map((u) => `${u.name} ${u.field}`)).toEqual([
    'zz-unused dependencies',
    '@types/zz-unused devDependencies',
    'zz-optional optionalDependencies',
  ]);
});

test('@types/node is unused when no file imports a node: module', () => {
  const [u] = usages({ devDependencies: { '@types/node': '1' } }, [{ path: 'a.ts', text: "import 'zz-used';" }], bins);
  expect(u.usedBy).toEqual([]);
});

test('a package imported without being listed is reported with the files that import it', () => {
  const text = [
    `import { a } from ${q}zz-used/sub${q};`,
    `import { b } from ${q}zz-hoisted${q};`,
    `import ${q}zz-side-effect${q};`,
    `const c = await import(${q}zz-hoisted/deep${q});`,
    `const d = require(${q}zz-required${q});`,
    `import { e } from ${q}./local.js${q};`,
    `import { f } from ${q}node:fs${q};`,
    `import { g } from ${q}fs${q};`,
    `import { h } from ${q}pandaproctor/x${q};`,
  ].join('\n');
  expect(
    undeclaredImports({ ...manifest, name: 'pandaproctor' }, [
      { path: 'x.ts', text },
      { path: 'y.ts', text: `export * from ${q}zz-hoisted${q};` },
    ]),
  ).toEqual([
    { name: 'zz-hoisted', files: ['x.ts', 'y.ts'] },
    { name: 'zz-required', files: ['x.ts'] },
    { name: 'zz-side-effect', files: ['x.ts'] },
  ]);
});
