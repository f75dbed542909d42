// One validator per command, compiled once from the contract and run by both sides: the server
// refuses with BAD_REQUEST and the message built here; the client checks the same before sending
// (and its test fake checks every argument and every result). Unknown keys are dropped, not refused.
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import type { ValueError } from '@sinclair/typebox/errors';
import { AppError } from '../errors.js';
import { CONTRACT, EVENTS, commandDef, type ArgsOf, type CommandName } from './index.js';

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

/** The compiled checker of a schema (TypeCompiler: the fastest of the schema libraries measured). */
export function compiledSchema(schema: TSchema): TypeCheck<TSchema> {
  let c = compiled.get(schema);
  if (!c) compiled.set(schema, (c = TypeCompiler.Compile(schema)));
  return c;
}

/** `/events/3/seq` -> `events[3].seq`. */
export function fieldName(path: string): string {
  if (path === '') return 'args';
  return path
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join('');
}

/** One plain line: the field and the rule it breaks. */
export function describeError(e: ValueError): string {
  const rule = (e.schema as { rule?: string }).rule;
  return rule ? `'${fieldName(e.path)}' must be ${rule}.` : `'${fieldName(e.path)}': ${e.message.toLowerCase()}.`;
}

export type Checked<C extends CommandName> = { ok: true; value: ArgsOf<C> } | { ok: false; message: string };

/**
 * The arguments as the handler gets them: normalized (e.g. names trimmed), checked against the
 * schema and the command's `check`, unknown keys removed. Never throws for bad input.
 */
export function checkArgs<C extends CommandName>(cmd: C, raw: Record<string, unknown>): Checked<C> {
  const def = commandDef(cmd);
  const input = def.normalize ? def.normalize(raw ?? {}) : { ...(raw ?? {}) };
  const check = compiledSchema(def.args);
  if (!check.Check(input)) {
    const first = check.Errors(input).First();
    return { ok: false, message: first ? describeError(first) : `'args' do not fit ${cmd}.` };
  }
  const value = Value.Clean(def.args, input) as ArgsOf<C>;
  const problem = def.check ? def.check(value as never) : null;
  return problem ? { ok: false, message: problem } : { ok: true, value };
}

/** checkArgs for the server: a refusal is BAD_REQUEST with the one-line reason (PROTOCOL.md 4). */
export function parseArgs<C extends CommandName>(cmd: C, raw: Record<string, unknown>): ArgsOf<C> {
  const r = checkArgs(cmd, raw);
  if (!r.ok) throw new AppError('BAD_REQUEST', r.message);
  return r.value;
}

/** Every way `data` differs from the command's result schema (empty when it fits). */
export function resultErrors(cmd: CommandName, data: unknown): string[] {
  const check = compiledSchema(CONTRACT[cmd].result);
  if (check.Check(data)) return [];
  return [...check.Errors(data)]
    .slice(0, 20)
    .map((e) => `${cmd} result ${e.path || '/'}: ${e.message} (got ${JSON.stringify(e.value)?.slice(0, 80)})`);
}

/** Every way an event's `data` differs from its schema; an event the contract does not list is an error too. */
export function eventErrors(name: string, data: unknown): string[] {
  if (!Object.hasOwn(EVENTS, name)) return [`${name} is not an event of the contract (protocol/contract/live.ts)`];
  const check = compiledSchema(EVENTS[name as keyof typeof EVENTS].data);
  if (check.Check(data)) return [];
  return [...check.Errors(data)].slice(0, 20).map((e) => `evt ${name} ${e.path || '/'}: ${e.message} (got ${JSON.stringify(e.value)?.slice(0, 80)})`);
}
