// Flags of the benches, parsed by node:util parseArgs: `--name value`, `--name=value`, `--flag` /
// `--no-flag`. Defaults give each flag its type, so `--students 200` is a number and `--no-fsync` a
// boolean.
import { parseArgs as nodeParseArgs } from 'node:util';

export type FlagValue = number | string | boolean;

export function parseFlags<T extends Record<string, FlagValue>>(argv: string[], defaults: T, usage: string): T {
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
  try {
    ({ values } = nodeParseArgs({ args, options, strict: true, allowPositionals: false }));
  } catch (err) {
    const e = err as Error & { code?: string };
    const name = /'(-{1,2}[^' ]+)/.exec(e.message)?.[1] ?? '';
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${name}`, usage);
    if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError(`unexpected argument '${/'([^']*)'/.exec(e.message)?.[1] ?? ''}'`, usage);
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`${name.replace(/,$/, '')} needs a value`, usage);
    throw new UsageError(e.message.split('\n')[0], usage);
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
        if (given.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`--${kebab(key)} must be a non-negative number, got '${given}'`, usage);
        out[key] = n;
      } else out[key] = given;
    }
  }
  return out as T;
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
  constructor(message: string, readonly usage: string) {
    super(message);
  }
}
