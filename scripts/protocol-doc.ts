// Writes docs/protocol-commands.md from the command contract (protocol/contract/doc.ts).
// Run: npm run protocol-doc
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderCommandsDoc } from '../protocol/contract/doc.js';

const target = fileURLToPath(new URL('../docs/protocol-commands.md', import.meta.url));
await writeFile(target, renderCommandsDoc());
console.log(`wrote ${target}`);
