// `pandaproctor admin` and `import-legacy` usage errors say what was wrong in one line before the
// usage (CONVENTIONS.md habit 4), and exit 2.
import { jest } from '@jest/globals';
import { run as admin } from './admin-cli.js';
import { run as importLegacy } from './import-legacy-cli.js';

async function stderrOf(fn: () => Promise<number>): Promise<{ code: number; first: string }> {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => (chunks.push(String(c)), true));
  try {
    const code = await fn();
    return { code, first: chunks.join('').split('\n')[0] };
  } finally {
    spy.mockRestore();
  }
}

test.each([
  [[], 'pandaproctor admin: name an action: add, reset-password, unlock, list or audit-head'],
  [['frobnicate'], "pandaproctor admin: unknown action 'frobnicate'"],
  [['add'], "pandaproctor admin: 'add' needs the account name, e.g. pandaproctor admin add alice"],
  [['list', 'bob'], "pandaproctor admin: unexpected argument 'bob'"],
  [['unlock', 'bob', 'carol'], "pandaproctor admin: unexpected argument 'carol'"],
])('admin %j says what is wrong', async (argv, line) => {
  expect(await stderrOf(() => admin(argv))).toEqual({ code: 2, first: line });
});

test.each([
  [[], 'pandaproctor import-legacy: name the folder to import'],
  [['a', 'b'], 'pandaproctor import-legacy: one folder at a time (got 2)'],
])('import-legacy %j says what is wrong', async (argv, line) => {
  expect(await stderrOf(() => importLegacy(argv))).toEqual({ code: 2, first: line });
});
