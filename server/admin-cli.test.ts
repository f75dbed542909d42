// `pandaproctor admin` and `import-legacy` usage errors say what was wrong in one line before the
// usage (CONVENTIONS.md habit 4), and exit 2.
import { run as admin } from './admin-cli.js';
import { run as importLegacy } from './import-legacy-cli.js';
import { captureOutput } from './testing/capture.js';

async function stderrOf(fn: () => Promise<number>): Promise<{ code: number; first: string }> {
  const { code, text } = await captureOutput('stderr', fn);
  return { code, first: text.split('\n')[0] };
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
