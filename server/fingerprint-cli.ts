// `pandaproctor fingerprint --data DIR`: print the server's public key (PROTOCOL.md 1) so an admin can
// hand it to students (`--server-key`). It never creates a key: a fingerprint for a directory no server
// uses would be handed out and then never match. The server creates the key on its first start.
import path from 'node:path';
import { dataDirFlag, parseArgs, UsageError } from './cli-args.js';
import { KEY_FILE, loadIdentity } from './identity.js';

const USAGE = `Usage: pandaproctor fingerprint [--data DIR]

Prints the server's public key fingerprint (64 hex characters) for a data directory.
Students pass it to the client as --server-key so the client can verify this server.

Options:
  --data DIR    data directory (default ./pandaproctor-data, or $PANDAPROCTOR_DATA)
  --help        show this help

If the directory has no ${KEY_FILE} yet, start the server once on it: the key is created then.
`;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const stdio: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

export async function run(argv: string[], io: CliIo = stdio): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(argv, { values: ['data'], booleans: ['help'] });
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`pandaproctor fingerprint: ${e.message}\n${USAGE}`);
    return 2;
  }
  if (parsed.flags.help) {
    io.out(USAGE);
    return 0;
  }
  if (parsed.positional.length > 0) {
    io.err(`pandaproctor fingerprint: unexpected argument ${parsed.positional[0]}; use --data DIR\n`);
    return 2;
  }
  const dataDir = dataDirFlag(parsed.flags);
  try {
    const identity = await loadIdentity(dataDir);
    if (!identity) {
      io.err(
        `pandaproctor fingerprint: no server key in ${path.resolve(dataDir)} yet; ` +
          `start the server once with --data ${dataDir} to create it, then run this again\n`,
      );
      return 1;
    }
    io.out(`${identity.fingerprint}\n`);
    return 0;
  } catch (e) {
    io.err(`pandaproctor fingerprint: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
