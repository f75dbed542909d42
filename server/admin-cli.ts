// `pandaproctor admin ...`: account management on the server machine, where admins are made
// (PROTOCOL.md 6). Works whether or not a server runs on the data directory (admin-ops.ts decides how).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { addAdmin, auditHead, listUsers, resetPassword, unlockUser } from './admin-ops.js';
import { describeHead } from './store/audit.js';
import { dataDirFlag, parseArgs, UsageError } from './cli-args.js';

const USAGE = `Usage: pandaproctor admin <action> [--data DIR]

  add NAME [--password-stdin]             create an admin account
  reset-password NAME [--password-stdin]  set a new password (also clears a login backoff)
  unlock NAME                             clear the login backoff after repeated failures
  list                                    list accounts with role, creation time and lock state
  audit-head                              print the audit log's chain head, to note down

Passwords are asked for without echo; with --password-stdin the first line of stdin is used.
--data DIR defaults to ./pandaproctor-data (or $PANDAPROCTOR_DATA), like 'pandaproctor server'.
The data directory must exist (the server's start-up banner prints the exact command); only
'add' with an explicit --data DIR creates a new one.
`;

/** A folder the server has used: admin commands edit these files, so they must be there already. */
function isDataDir(dir: string): boolean {
  return ['questions.csv', 'users.csv', 'server.key'].some((f) => existsSync(join(dir, f)));
}

/**
 * Admin commands never create a data directory by accident: without an explicit --data, a missing
 * default used to become a fresh ./pandaproctor-data with a sample bank (while the real server ran
 * elsewhere). Only `add --data DIR` may start a new one, because the admin named it.
 */
export function dataDirProblem(dataDir: string, action: string, explicit: boolean): string | null {
  if (isDataDir(dataDir)) return null;
  if (action === 'add' && explicit) return null;
  const full = resolve(dataDir);
  const where = existsSync(full)
    ? `${full} is not a PandaProctor data directory`
    : `there is no data directory at ${full}`;
  return `${where}; nothing was created. Pass the server's --data DIR (its start-up banner prints the exact command)`;
}

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(0x0a)) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (s: string) => {
      for (const ch of s) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function askPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return readStdinLine();
  if (!process.stdin.isTTY)
    throw new UsageError('stdin is not a terminal; pass --password-stdin and pipe the password');
  const first = await promptHidden('New password: ');
  const again = await promptHidden('Repeat it: ');
  if (first !== again) throw new UsageError('the two passwords differ; nothing was changed');
  return first;
}

export async function run(argv: string[]): Promise<number> {
  try {
    const { flags, positional } = parseArgs(argv, { values: ['data'], booleans: ['help', 'password-stdin'] });
    const [action, name, ...extra] = positional;
    if (flags.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    const dataDir = dataDirFlag(flags);
    const needsName = action === 'add' || action === 'reset-password' || action === 'unlock';
    // CONVENTIONS.md habit 4: say what was wrong before the usage, not just the usage.
    const problem = !action
      ? 'name an action: add, reset-password, unlock, list or audit-head'
      : !needsName && action !== 'list' && action !== 'audit-head'
        ? `unknown action '${action}'`
        : needsName && !name
          ? `'${action}' needs the account name, e.g. pandaproctor admin ${action} alice`
          : extra.length > 0 || ((action === 'list' || action === 'audit-head') && name)
            ? `unexpected argument '${action === 'list' || action === 'audit-head' ? name : extra[0]}'`
            : null;
    if (problem) {
      process.stderr.write(`pandaproctor admin: ${problem}\n${USAGE}`);
      return 2;
    }
    const missing = dataDirProblem(dataDir, action, typeof flags.data === 'string');
    if (missing) {
      process.stderr.write(`pandaproctor admin: ${missing}\n`);
      return 1;
    }
    switch (action) {
      case 'add':
        await addAdmin(dataDir, name, await askPassword(flags['password-stdin'] === true));
        process.stdout.write(`admin '${name}' created in ${dataDir}\n`);
        break;
      case 'reset-password':
        await resetPassword(dataDir, name, await askPassword(flags['password-stdin'] === true));
        process.stdout.write(`password of '${name}' changed\n`);
        break;
      case 'unlock':
        process.stdout.write((await unlockUser(dataDir, name)) ? `'${name}' unlocked\n` : `'${name}' was not locked\n`);
        break;
      case 'audit-head': {
        const head = await auditHead(dataDir);
        process.stdout.write(
          `${describeHead(head)}\n  check later: pandaproctor audit verify --data ${dataDir} --head ${head.seq}:${head.chain}\n`,
        );
        break;
      }
      case 'list':
        for (const u of await listUsers(dataDir)) {
          process.stdout.write(
            `${u.username.padEnd(32)} ${u.role.padEnd(7)} ${new Date(u.created).toISOString()}${u.locked ? '  LOCKED' : ''}\n`,
          );
        }
        break;
    }
    return 0;
  } catch (err) {
    process.stderr.write(`pandaproctor admin: ${(err as Error).message}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}
