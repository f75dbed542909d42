// docs/protocol-commands.md is generated from the contract; a change to the contract without
// regenerating it (npm run protocol-doc) fails here.
import { readFile } from 'node:fs/promises';
import { COMMAND_NAMES, EVENTS } from './index.js';
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
