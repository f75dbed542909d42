// docs/protocol-commands.md is generated from the contract; a change to the contract without
// regenerating it (npm run protocol-doc) fails here.
import { readFile } from 'node:fs/promises';
import { COMMAND_NAMES, EVENTS, commandDef } from './index.js';
import { renderCommandsDoc } from './doc.js';

test('docs/protocol-commands.md is what the contract renders', async () => {
  const onDisk = await readFile(new URL('../../docs/protocol-commands.md', import.meta.url), 'utf8');
  expect(onDisk).toBe(renderCommandsDoc());
});

test('the reference has a section for every command and event', () => {
  const doc = renderCommandsDoc();
  for (const c of COMMAND_NAMES) expect(doc).toContain(`\n### ${c}\n`);
  for (const e of Object.keys(EVENTS)) expect(doc).toContain(`\n### ${e}\n`);
});

test('paging arguments of 1.0 commands are marked feature paging, in the schema and the reference', () => {
  const doc = renderCommandsDoc();
  const paged = COMMAND_NAMES.filter((c) => commandDef(c).feature === undefined);
  for (const c of paged) {
    const props = (commandDef(c).args as { properties: Record<string, { feature?: string }> }).properties;
    for (const k of ['limit', 'cursor', 'presenceAfter', 'presenceLimit'].filter((k) => k in props)) {
      expect([c, k, props[k].feature]).toEqual([c, k, 'paging']);
      expect(doc).toMatch(new RegExp(`\\| \`${k}\` \\|[^\\n]*\\(feature \`paging\`\\)`));
    }
  }
  expect(doc).toContain('| [`scores.mine`](#scoresmine) | student | 1.0; `limit`, `cursor`: paging |');
});

test('field meanings reach the reference: clocks, answered, acked, notice sender', () => {
  const doc = renderCommandsDoc();
  expect(doc).toContain("| `at` | `integer` | yes | ms on the proctor's clock");
  expect(doc).toContain("| `deadline` | `integer` | yes | ms since 1970 on the server's clock |");
  expect(doc).toContain('| `answered` | `AnsweredItem[]` | yes | only the questions this student has already answered');
  expect(doc).toContain(
    '| `acked` | `integer` | yes | the highest seq stored for the attempt; -1 while none is stored |',
  );
  expect(doc).toContain("| `from` | `string` | yes | the sending admin's username |");
});
