// Flags of the server-side subcommands, parsed by node:util parseArgs (`--name value`,
// `--name=value`, booleans, `-h` for --help); errors come back as one-line UsageErrors.
import { parseArgs as nodeParseArgs } from 'node:util';
import { argsErrorMessage } from '../common/args-error.js';

export interface ParsedArgs {
  flags: Record<string, string | true>;
  positional: string[];
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], spec: { values: string[]; booleans: string[] }): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const v of spec.values) options[v] = { type: 'string' };
  for (const b of spec.booleans) options[b] = { type: 'boolean', ...(b === 'help' ? { short: 'h' } : {}) };
  let parsed;
  try {
    parsed = nodeParseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(argsErrorMessage(err));
  }
  const flags: Record<string, string | true> = {};
  for (const [k, v] of Object.entries(parsed.values)) if (v !== undefined && v !== false) flags[k] = v as string | true;
  return { flags, positional: parsed.positionals };
}

export const DEFAULT_DATA_DIR = 'pandaproctor-data';

export function dataDirFlag(flags: ParsedArgs['flags']): string {
  const v = flags.data;
  return typeof v === 'string' ? v : process.env.PANDAPROCTOR_DATA || DEFAULT_DATA_DIR;
}
