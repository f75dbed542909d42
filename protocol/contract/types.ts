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
  normalize?: (args: Record<string, unknown>) => Record<string, unknown>;
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

/** Trims the named string arguments (other types are left for the schema to refuse). */
export function trimmed(...keys: string[]): (args: Record<string, unknown>) => Record<string, unknown> {
  return (args) => {
    const out = { ...args };
    for (const k of keys) if (typeof out[k] === 'string') out[k] = (out[k] as string).trim();
    return out;
  };
}
