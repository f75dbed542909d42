// `pandaproctor client [--host H] [--port P] [--server-key HEX] [--forget-key]`.
// Parses options and hands over to launch.tsx, imported only after prepareInkEnv (theme.ts): chalk
// and Ink read the environment (colours, CI) once, when first imported.
import { parseArgs } from 'node:util';
import { argsErrorMessage } from '../common/args-error.js';
import { prepareInkEnv } from './theme.js';

export const USAGE = `Usage: pandaproctor client [options]

Open the terminal exam client (students and admins).

Options:
  --host H            server address (default 127.0.0.1)
  --port P            server port (default 7340)
  --server-key HEX    the server's key fingerprint (64 hex digits) as printed
                      by the server; without it the key pinned for host:port
                      is used, or you are asked once
  --forget-key        remove the pinned key for host:port (after a genuine key
                      change) and exit
  -h, --help          show this help

Keys: ? shows the keys of every screen. NO_COLOR=1 turns colours off.
Pinned keys live in $XDG_CONFIG_HOME/pandaproctor/known_hosts
(default ~/.config/pandaproctor/known_hosts).
`;

export interface ClientArgs {
  host: string;
  port: number;
  serverKey?: string;
  forgetKey: boolean;
}

export function parseClientArgs(argv: string[]): ClientArgs | { help: true } | { error: string } {
  let v;
  try {
    v = parseArgs({
      args: argv,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'server-key': { type: 'string' },
        'forget-key': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (e) {
    return { error: `${argsErrorMessage(e)}; run 'pandaproctor client --help'` };
  }
  if (v.help) return { help: true };
  const port = v.port === undefined ? 7340 : Number(v.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { error: `--port must be 1-65535, not '${v.port}'` };
  return { host: v.host ?? '127.0.0.1', port, serverKey: v['server-key'], forgetKey: v['forget-key'] ?? false };
}

export async function run(argv: string[]): Promise<number> {
  const a = parseClientArgs(argv);
  if ('help' in a) {
    process.stdout.write(USAGE);
    return 0;
  }
  if ('error' in a) {
    process.stderr.write(`pandaproctor client: ${a.error}\n`);
    return 2;
  }
  prepareInkEnv();
  const { launchClient } = await import('./launch.js');
  return launchClient(a);
}
