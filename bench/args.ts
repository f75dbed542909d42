// Flags of the benches, parsed by node:util parseArgs: `--name value`, `--name=value`, `--flag` /
// `--no-flag`. Defaults give each flag its type, so `--students 200` is a number and `--no-fsync` a
// boolean.
import { pathToFileURL } from 'node:url';
import { parseArgs as nodeParseArgs } from 'node:util';
import { argsErrorMessage } from '../common/args-error.js';

export type FlagValue = number | string | boolean;

export function parseFlags<T extends Record<string, FlagValue>>(argv: string[], defaults: T, usage: string): T {
  return parse(argv, defaults, usage, false).flags;
}

/** parseFlags for a bench that also takes operands (file names), in any order with the flags. */
export function parseFlagsAndOperands<T extends Record<string, FlagValue>>(
  argv: string[],
  defaults: T,
  usage: string,
): { flags: T; operands: string[] } {
  return parse(argv, defaults, usage, true);
}

function parse<T extends Record<string, FlagValue>>(
  argv: string[],
  defaults: T,
  usage: string,
  allowPositionals: boolean,
): { flags: T; operands: string[] } {
  if (argv.includes('--help') || argv.includes('-h')) throw new UsageRequest(usage);
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const [key, v] of Object.entries(defaults)) {
    options[kebab(key)] = { type: typeof v === 'boolean' ? 'boolean' : 'string' };
    if (typeof v === 'boolean') options[`no-${kebab(key)}`] = { type: 'boolean' };
  }
  // `--flag=false` / `--flag=0` (as the benches were always run) becomes `--no-flag`.
  const args = argv.map((a) => {
    const m = /^--([^=]+)=(.*)$/.exec(a);
    if (!m || options[m[1]]?.type !== 'boolean') return a;
    return m[2] === 'false' || m[2] === '0' ? `--no-${m[1]}` : `--${m[1]}`;
  });
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = nodeParseArgs({ args, options, strict: true, allowPositionals }));
  } catch (err) {
    throw new UsageError(argsErrorMessage(err), usage);
  }
  const out: Record<string, FlagValue> = { ...defaults };
  for (const [key, v] of Object.entries(defaults)) {
    const given = values[kebab(key)];
    if (typeof v === 'boolean') {
      if (values[`no-${kebab(key)}`]) out[key] = false;
      if (given) out[key] = true;
    } else if (typeof given === 'string') {
      if (typeof v === 'number') {
        const n = Number(given);
        if (given.trim() === '' || !Number.isFinite(n) || n < 0)
          throw new UsageError(`--${kebab(key)} must be a non-negative number, got '${given}'`, usage);
        out[key] = n;
      } else out[key] = given;
    }
  }
  return { flags: out as T, operands: positionals };
}

/** thinkMinMs -> think-min-ms: the flag spelling of a default's key. */
function kebab(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** `--help`: print the usage and exit 0. */
export class UsageRequest extends Error {
  constructor(readonly usage: string) {
    super('usage requested');
  }
}

/** A bad flag: print the one-line error and the usage, exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
  }
}

/**
 * The entry of a bench run directly (`node --import tsx bench/NAME.ts`) rather than through
 * bench/main.ts: the same exit codes, --help on stdout with 0, a bad flag on stderr with 2.
 */
export function runIfScript(moduleUrl: string, name: string, main: (argv: string[]) => Promise<number>): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      if (err instanceof UsageRequest) return void process.stdout.write(`${err.usage}\n`);
      process.stderr.write(`${name}: ${err instanceof Error ? err.message : String(err)}\n`);
      if (err instanceof UsageError) process.stderr.write(`${err.usage}\n`);
      process.exitCode = err instanceof UsageError ? 2 : 1;
    },
  );
}
