// The command contract (PROTOCOL.md 6 and 8, docs/protocol.md): for every command its role, argument
// and result schemas (JSON Schema, via TypeBox), whether a client may retry it, whether its
// arguments are secret, and its feature. The server's table (server/commands.ts), the client's API
// (client/api.ts), retry rule (client/session.ts) and test fake, and docs/protocol-commands.md all
// derive from it.
import type { Static } from '@sinclair/typebox';
import { AUTH_COMMANDS } from './auth.js';
import { BANK_COMMANDS } from './bank.js';
import { EXAM_COMMANDS } from './exam.js';
import { EVENTS, LIVE_COMMANDS } from './live.js';
import type { CommandDef } from './types.js';

export const CONTRACT = { ...AUTH_COMMANDS, ...BANK_COMMANDS, ...EXAM_COMMANDS, ...LIVE_COMMANDS };
export { EVENTS };

export type Contract = typeof CONTRACT;
export type CommandName = keyof Contract;
export type ArgsOf<C extends CommandName> = Static<Contract[C]['args']>;
export type ResultOf<C extends CommandName> = Static<Contract[C]['result']>;
export type EventName = keyof typeof EVENTS;
export type EventOf<E extends EventName> = Static<(typeof EVENTS)[E]['data']>;

export const COMMAND_NAMES = Object.keys(CONTRACT) as CommandName[];

/** The contract entry of a command, seen without its literal types (for generic code). */
export function commandDef(name: CommandName): CommandDef {
  return CONTRACT[name] as unknown as CommandDef;
}

/** Commands a client may send again after a lost connection (client/session.ts). */
export const RETRY_SAFE: ReadonlySet<string> = new Set(COMMAND_NAMES.filter((c) => CONTRACT[c].retrySafe));

export type { Access, CommandDef, EventDef } from './types.js';
export * from './limits.js';
