// A small flag parser for the server-side subcommands: `--name value`, `--name=value`, booleans.
export interface ParsedArgs {
  flags: Record<string, string | true>;
  positional: string[];
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], spec: { values: string[]; booleans: string[] }): ParsedArgs {
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq === -1 ? a.slice(2) : a.slice(2, eq);
    if (spec.booleans.includes(name)) {
      flags[name] = true;
    } else if (spec.values.includes(name)) {
      const value = eq === -1 ? argv[++i] : a.slice(eq + 1);
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags[name] = value;
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { flags, positional };
}

export const DEFAULT_DATA_DIR = 'pandaproctor-data';

export function dataDirFlag(flags: ParsedArgs['flags']): string {
  const v = flags.data;
  return typeof v === 'string' ? v : process.env.PANDAPROCTOR_DATA || DEFAULT_DATA_DIR;
}
