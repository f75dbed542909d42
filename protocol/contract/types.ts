// What the contract says about one command and one event (protocol/contract/index.ts lists them).
import type { Static, TObject, TSchema } from '@sinclair/typebox';

/** Who may call: `anon` = only before login, `any` = everyone, `user` = student or admin. */
export type Access = 'anon' | 'any' | 'user' | 'student' | 'admin';

export interface CommandDef<A extends TObject = TObject, R extends TSchema = TSchema> {
  access: Access;
  /** One line for docs/protocol-commands.md. */
  summary: string;
  args: A;
  result: R;
  /**
   * The client may send it again after a lost connection without asking the user: the server makes
   * it idempotent, or it only reads (client/session.ts). `retry` says why, either way.
   */
  retrySafe: boolean;
  retry: string;
  /** Argument values are never logged (passwords, tokens). */
  secret: boolean;
  /** The `welcome.features` name a client checks before using it; absent = protocol 1.0. */
  feature?: string;
  /** Applied to the raw arguments before the schema check by both sides (e.g. trimming names). */
  normalize?: Normalizer;
  /** Rules a schema cannot express; a one-line reason for BAD_REQUEST, or null. Both sides run it. */
  check?: (args: Static<A>) => string | null;
  /** Words for the doc about `check`. */
  checks?: string;
}

export const command = <A extends TObject, R extends TSchema>(d: CommandDef<A, R>): CommandDef<A, R> => d;

export interface EventDef<D extends TObject = TObject> {
  summary: string;
  /** Who receives it. */
  to: string;
  data: D;
  feature?: string;
}

export const event = <D extends TObject>(d: EventDef<D>): EventDef<D> => d;

/** A change made to the raw arguments before they are checked; `doc` says it in words. */
export type Normalizer = ((args: Record<string, unknown>) => Record<string, unknown>) & { doc: string };

const named = (keys: string[]) => keys.map((k) => `\`${k}\``).join(', ');

/** Trims the named string arguments (other types are left for the schema to refuse). */
export function trimmed(...keys: string[]): Normalizer {
  const f = (args: Record<string, unknown>) => {
    const out = { ...args };
    for (const k of keys) if (typeof out[k] === 'string') out[k] = (out[k] as string).trim();
    return out;
  };
  return Object.assign(f, { doc: `${named(keys)} trimmed of surrounding spaces` });
}

/** nil counts as absent for these optional arguments (a 1.0 client may send nil for "no filter"). */
export function nilAbsent(...keys: string[]): Normalizer {
  const f = (args: Record<string, unknown>) => {
    if (!keys.some((k) => args[k] === null)) return args;
    const out = { ...args };
    for (const k of keys) if (out[k] === null) delete out[k];
    return out;
  };
  return Object.assign(f, { doc: `nil for ${named(keys)} counts as absent` });
}

export function both(...fs: Normalizer[]): Normalizer {
  const f = (args: Record<string, unknown>) => fs.reduce((a, g) => g(a), args);
  return Object.assign(f, { doc: fs.map((g) => g.doc).join('; ') });
}
