// The subcommand table. Each module exports `run(argv): Promise<number>` (the exit code) and handles
// its own `--help`.
import { subcommandLines, type Subcommand } from '../common/subcommands.js';

export interface CommandModule {
  run(argv: string[]): Promise<number>;
  /** The process exits as soon as run() is done and its output is written (see proctor/main.ts). */
  exitAtOnce?: boolean;
}

export type Command = Subcommand<CommandModule>;

export const commands: Command[] = [
  { name: 'server', summary: 'start the exam server on this machine', load: () => import('../server/main.js') },
  {
    name: 'client',
    summary: 'open the terminal exam client (students and admins)',
    load: () => import('../client/main.js'),
  },
  {
    name: 'proctor',
    summary: 'run the webcam face-presence monitor (prints JSON events)',
    load: () => import('../proctor/main.js'),
  },
  {
    name: 'admin',
    summary: 'manage admin accounts, passwords and locks on the server machine',
    load: () => import('../server/admin-cli.js'),
  },
  {
    name: 'fingerprint',
    summary: "print the server's public key fingerprint for a data directory",
    load: () => import('../server/fingerprint-cli.js'),
  },
  {
    name: 'import-legacy',
    summary: 'import a question bank and accounts from the original file layout',
    load: () => import('../server/import-legacy-cli.js'),
  },
  {
    name: 'audit',
    summary: "verify the audit log's hash chain (audit verify --data DIR)",
    load: () => import('../server/audit-cli.js'),
  },
  {
    name: 'demo',
    summary: 'start a local demo server with the sample bank and open the client',
    load: () => import('../client/demo.js'),
  },
];

export function usage(): string {
  return [
    'Usage: pandaproctor <command> [options]',
    '',
    'Commands:',
    ...subcommandLines(commands),
    '',
    "Run 'pandaproctor <command> --help' for the options of one command.",
    '',
  ].join('\n');
}
