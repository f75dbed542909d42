// Renders docs/protocol-commands.md from the contract: every command's role, feature, retry rule,
// secrecy, arguments (with the rule each one is checked by) and result, every event, and the shapes
// they are made of. scripts/protocol-doc.ts writes it; doc.test.ts fails when the file is stale.
import { Kind, type TSchema } from '@sinclair/typebox';
import { COMMAND_NAMES, CONTRACT, EVENTS, commandDef, type CommandName } from './index.js';
import * as reports from './reports.js';
import * as shapes from './shapes.js';

/** The named shapes: exported `XShape` schemas are written `X` and described once. */
const NAMED = new Map<TSchema, string>();
for (const mod of [shapes, reports]) {
  for (const [key, value] of Object.entries(mod))
    if (key.endsWith('Shape')) NAMED.set(value as TSchema, key.slice(0, -'Shape'.length));
}

type Schema = TSchema & {
  type?: string;
  anyOf?: Schema[];
  const?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  rule?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  maxByteLength?: number;
  pattern?: string;
  description?: string;
  feature?: string;
};

/** A compact type: `string`, `integer`, `"A" | "B"`, `Question[]`, `{a, b?: T}`; named shapes by name. */
export function typeOf(schema: TSchema, expand = false): string {
  const s = schema as Schema;
  const name = NAMED.get(schema);
  if (name && !expand) return name;
  if (s[Kind] === 'Uint8Array') return 'bin';
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.anyOf) return s.anyOf.map((x) => typeOf(x)).join(' | ');
  switch (s.type) {
    case 'array': {
      const inner = typeOf(s.items!);
      return s.items!.anyOf && !NAMED.has(s.items!) ? `(${inner})[]` : `${inner}[]`;
    }
    case 'object': {
      const req = new Set(s.required ?? []);
      const fields = Object.entries(s.properties ?? {}).map(([k, v]) => `${k}${req.has(k) ? '' : '?'}: ${typeOf(v)}`);
      return fields.length === 0 ? '{}' : `{${fields.join(', ')}}`;
    }
    default:
      return s.type ?? 'any';
  }
}

/** The rule a value is checked by, in words (the `rule` the server's refusal quotes). */
function ruleOf(schema: TSchema): string {
  const s = schema as Schema & { feature?: string };
  if (s.feature) return `${ruleOf({ ...s, feature: undefined } as TSchema)} (feature \`${s.feature}\`)`;
  if (s.rule) return s.rule;
  if (s.anyOf) return s.anyOf.map(ruleOf).filter(Boolean).join('; ');
  return '';
}

const cell = (t: string) => t.replace(/\|/g, '\\|');

/** A field's `description`: what the value means, beside the rule it is checked by. */
const meaningOf = (schema: TSchema): string => (schema as Schema).description ?? '';

/** Columns: field, type, required, the rule (arguments), and a meaning column when any field has one. */
function fieldTable(schema: TSchema, withRules: boolean): string[] {
  const s = schema as Schema;
  const req = new Set(s.required ?? []);
  const entries = Object.entries(s.properties ?? {});
  if (entries.length === 0) return ['(none)'];
  const withMeaning = entries.some(([, v]) => meaningOf(v) !== '');
  const cols = ['field', 'type', 'required', ...(withRules ? ['rule'] : []), ...(withMeaning ? ['meaning'] : [])];
  return [
    `| ${cols.join(' | ')} |`,
    `|${cols.map(() => '---|').join('')}`,
    ...entries.map(([k, v]) => {
      const cells = [`\`${k}\``, `\`${cell(typeOf(v))}\``, req.has(k) ? 'yes' : 'no'];
      if (withRules) cells.push(cell(ruleOf(v)));
      if (withMeaning) cells.push(cell(meaningOf(v)));
      return `| ${cells.join(' | ')} |`;
    }),
  ];
}

/** An unnamed result object whose fields say what they mean gets their table under its type. */
function resultMeanings(result: TSchema): string[] {
  const s = result as Schema;
  const described = Object.values(s.properties ?? {}).some((v) => meaningOf(v) !== '');
  return s.type === 'object' && !NAMED.has(result) && described ? ['', ...fieldTable(result, false)] : [];
}

/** The features an argument needs beyond its command's (e.g. `paging` for `limit`), by feature. */
function argFeatures(schema: TSchema): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of Object.entries((schema as Schema).properties ?? {})) {
    const f = (v as Schema).feature;
    if (f) out.set(f, [...(out.get(f) ?? []), k]);
  }
  return out;
}

/** `1.0`, or the command's feature; plus the features some of its arguments need. */
function featureCell(name: CommandName): string {
  const d = commandDef(name);
  const args = [...argFeatures(d.args)].map(([f, keys]) => `${keys.map((k) => `\`${k}\``).join(', ')}: ${f}`);
  return [d.feature ?? '1.0', ...args].join('; ');
}

const ACCESS: Record<string, string> = {
  anon: 'anon (before login only)',
  any: 'anyone',
  user: 'student or admin',
  student: 'student',
  admin: 'admin',
};

export function renderCommandsDoc(): string {
  const out: string[] = [
    '<!-- Generated from protocol/contract/ by `npm run protocol-doc`; do not edit by hand. -->',
    '# PandaProctor commands and events (reference)',
    '',
    'Generated from the command contract (`protocol/contract/`), the same schemas the server validates',
    'with and the client is typed by. The wire format, envelopes, errors and the rules around these',
    'commands are in [protocol.md](protocol.md). Types: `integer` is a whole number (an integral',
    'float64 counts, PROTOCOL.md 5), `bin` is msgpack binary, `T?` an optional field, `A | B` either.',
    'Argument maps may carry more keys than listed (ignored); answers carry exactly the fields listed.',
    'An argument marked with a feature is ignored by a server whose `welcome.features` lacks it.',
    '',
    '| cmd | role | feature | retry-safe | secret args |',
    '|---|---|---|---|---|',
    ...COMMAND_NAMES.map((c) => {
      const d = CONTRACT[c];
      return `| [\`${c}\`](#${c.replace(/\./g, '').toLowerCase()}) | ${d.access} | ${featureCell(c)} | ${d.retrySafe ? 'yes' : 'no'} | ${d.secret ? 'yes' : 'no'} |`;
    }),
    '',
    '## Commands',
  ];
  for (const c of COMMAND_NAMES) {
    const d = commandDef(c);
    out.push(
      '',
      `### ${c}`,
      '',
      d.summary,
      '',
      `- Role: ${ACCESS[d.access]}.${d.feature ? ` Feature: \`${d.feature}\`.` : ''}`,
      ...[...argFeatures(d.args)].map(
        ([f, keys]) =>
          `- ${keys.map((k) => `\`${k}\``).join(', ')} need${keys.length === 1 ? 's' : ''} feature \`${f}\` (a server without it ignores ${keys.length === 1 ? 'it' : 'them'}).`,
      ),
      `- Retry after a lost connection: ${d.retrySafe ? 'safe' : 'not automatic'} (${d.retry}).`,
      ...(d.secret ? ['- Secret: argument values are never logged.'] : []),
      ...(d.normalize ? [`- Before the checks: ${d.normalize.doc}.`] : []),
      ...(d.checks ? [`- Also checked: ${d.checks}`] : []),
      '',
      'Arguments:',
      '',
      ...fieldTable(d.args, true),
      '',
      `Result: \`${cell(typeOf(d.result))}\``,
      ...resultMeanings(d.result),
    );
  }
  out.push('', '## Events (`evt`)', '', 'Sent by the server only; a client ignores an event it does not know.');
  for (const [name, e] of Object.entries(EVENTS)) {
    out.push(
      '',
      `### ${name}`,
      '',
      `${e.summary} To: ${e.to}.${'feature' in e && e.feature ? ` Feature: \`${e.feature}\`.` : ''}`,
      '',
      ...fieldTable(e.data, false),
    );
  }
  out.push('', '## Shapes', '', 'The objects answers are made of, by the names used above.');
  for (const [schema, name] of [...NAMED].sort((a, b) => a[1].localeCompare(b[1]))) {
    const s = schema as Schema;
    out.push('', `### ${name}`, '');
    if (s.type === 'object') out.push(...fieldTable(schema, false));
    else out.push(`\`${cell(typeOf(schema, true))}\``);
  }
  return out.join('\n') + '\n';
}
