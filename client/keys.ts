// The one place for key bindings. Screens ask `actionFor(context, input, key)`; the help overlay
// (`?`, or Ctrl+K inside a text field where `?` is typed) lists `bindingsFor(context)`. The binding
// tables themselves are data in client/key-bindings.ts (sign-in, student) and
// client/key-bindings-admin.ts (admin, shared dialogs).
import type { Key } from 'ink';
import { adminBindings } from './key-bindings-admin.js';
import { studentBindings, type Action, type Binding, type Context } from './key-bindings.js';

export { letterIndex, type Action, type Context } from './key-bindings.js';

// Typed as the full record so a context without bindings fails the type check.
const table: Record<Context, Binding[]> = { ...studentBindings, ...adminBindings };

/** How the hint line ends: `? keys`, or Ctrl+K where `?` is typed, or nothing on a yes/no question. */
const HINT_END: Partial<Record<Context, string>> = {
  trust: '',
  'exam-closed': '',
  confirm: '',
  preview: '',
  form: 'Ctrl+K keys',
  transfer: 'Ctrl+K keys',
  prompt: 'Ctrl+K keys',
  reason: 'Ctrl+K keys',
  search: 'Ctrl+K keys',
  'attempt-id': 'Ctrl+K keys',
};

/** The first binding of the context (then the global ones) that matches. */
export function actionFor(
  context: Context,
  input: string,
  key: Key,
  opts: { typing?: boolean } = {},
): Action | undefined {
  if (context !== 'global') for (const b of table[context]) if (b.match(input, key)) return b.action;
  for (const b of table.global) {
    // In a text field `?` is a character; Ctrl+K still opens the keys.
    if (opts.typing && b.keys === '?') continue;
    if (b.match(input, key)) return b.action;
  }
  return undefined;
}

/** Lines for the help overlay: the context's keys then the global ones. */
export function bindingsFor(context: Context): { keys: string; help: string }[] {
  return [...(context === 'global' ? [] : table[context]), ...table.global]
    .filter((b) => b.keys !== '')
    .map((b) => ({ keys: b.keys, help: b.help }));
}

/** The hint line at the bottom of each screen, made from the bindings' `hint` words in table order. */
export const HINTS = Object.fromEntries(
  (Object.keys(table) as Context[]).map((ctx) => {
    const words = ctx === 'global' ? [] : table[ctx].flatMap((b) => (b.hint ? [b.hint] : []));
    const end = HINT_END[ctx] ?? '? keys';
    return [ctx, [...words, ...(end ? [end] : [])].join(' · ')];
  }),
) as Record<Context, string>;

/** The hint line as shown: inside a text field `?` is typed, so it names Ctrl+K instead. */
export function hintFor(hint: string, typing: boolean): string {
  if (!typing || hint.endsWith('Ctrl+K keys')) return hint;
  return `${hint.replace(/ · \? keys$/, '')} · Ctrl+K keys`;
}
