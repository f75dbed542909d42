// `pandaproctor audit verify --data DIR [--head SEQ:CHAIN]`: checks audit.csv's hash chain
// (server/store/audit-verify.ts). Read-only, so it works while a server runs. Exit 0 = intact,
// 1 = the first bad row is named, 2 = usage.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dataDirFlag, parseArgs, UsageError } from './cli-args.js';
import { AUDIT_FILE, describeHead, type AuditHead } from './store/audit.js';
import { readHeadFile } from './store/audit-file.js';
import { verifyAuditText } from './store/audit-verify.js';

const USAGE = `Usage: pandaproctor audit verify [--data DIR] [--head SEQ:CHAIN]

Checks that no row of DIR/audit.csv was changed, removed or inserted: each row's chain hash must
follow on from the row before it, and the log must reach the head the server recorded in
DIR/audit.head. With --head, also the head you noted down earlier (printed by the server at
shutdown and by 'pandaproctor admin audit-head'), which catches a log rewritten from scratch.
`;

export function parseNotedHead(text: string): AuditHead {
  const m = /^(?:seq\s*)?(\d+)[:\s]+(?:sha256\s+)?([0-9a-fA-F]{64})$/.exec(text.trim());
  if (!m) throw new UsageError(`--head must be SEQ:CHAIN as printed, e.g. 42:${'ab'.repeat(32)}`);
  return { seq: Number(m[1]), chain: m[2].toLowerCase() };
}

export async function run(argv: string[]): Promise<number> {
  try {
    const { flags, positional } = parseArgs(argv, { values: ['data', 'head'], booleans: ['help'] });
    if (flags.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (positional[0] !== 'verify' || positional.length > 1) {
      throw new UsageError(positional[0] ? `unknown action '${positional.join(' ')}'` : "name the action: 'verify'");
    }
    const dir = dataDirFlag(flags);
    const noted = typeof flags.head === 'string' ? parseNotedHead(flags.head) : null;
    let text: string;
    try {
      text = await readFile(join(dir, AUDIT_FILE), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      process.stderr.write(`pandaproctor audit: ${join(dir, AUDIT_FILE)} does not exist; check --data\n`);
      return 1;
    }
    const v = verifyAuditText(text, { recorded: await readHeadFile(dir), noted });
    if (!v.ok) {
      process.stdout.write(`${AUDIT_FILE} ${v.problem!.message}\n${v.rows} row(s) before it verify.\n`);
      return 1;
    }
    process.stdout.write(
      `${AUDIT_FILE}: ${v.rows} row(s), chain intact${noted ? ', reaches the noted head' : ''}\n${describeHead(v.head)}\n`,
    );
    return 0;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`pandaproctor audit: ${err.message}\n${USAGE}`);
    return 2;
  }
}
