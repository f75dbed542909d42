// Tiny flag parser for the benches: `--name value`, `--name=value`, `--flag` / `--no-flag`.
// Defaults give each flag its type, so `--students 200` is a number and `--no-fsync` a boolean.
export type FlagValue = number | string | boolean;

export function parseFlags<T extends Record<string, FlagValue>>(argv: string[], defaults: T, usage: string): T {
  const out: Record<string, FlagValue> = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') throw new UsageRequest(usage);
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument '${arg}'`, usage);
    let [name, value] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const key = camel(name);
    if (!(key in defaults)) {
      if (name.startsWith('no-') && typeof defaults[camel(name.slice(3))] === 'boolean') {
        out[camel(name.slice(3))] = false;
        continue;
      }
      throw new UsageError(`unknown option --${name}`, usage);
    }
    const kind = typeof defaults[key];
    if (kind === 'boolean') {
      out[key] = value === undefined ? true : value !== 'false' && value !== '0';
      continue;
    }
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`, usage);
    }
    if (kind === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a non-negative number, got '${value}'`, usage);
      out[key] = n;
    } else out[key] = value;
  }
  return out as T;
}

function camel(s: string): string {
  return s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
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
