// The one place for key bindings. Screens ask `actionFor(context, input, key)`; the help overlay
// (`?`, or Ctrl+K inside a text field where `?` is typed) lists `bindingsFor(context)`.
import type { Key } from 'ink';

export type Action =
  | 'help'
  | 'quit'
  | 'back'
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'select'
  | 'nextField'
  | 'prevField'
  | 'toggleRole'
  | 'register'
  | 'dashboard'
  | 'finish'
  | 'new'
  | 'edit'
  | 'delete'
  | 'search'
  | 'filter'
  | 'import'
  | 'export'
  | 'refresh'
  | 'logout'
  | 'yes'
  | 'no'
  | 'left'
  | 'right'
  | 'exportResults'
  | 'goodRows'
  | 'unlock'
  | 'resetPassword'
  | 'scrollUp'
  | 'scrollDown'
  | 'review'
  | 'extend'
  | 'endAttempt'
  | 'notice'
  | 'noticeCourse'
  | 'mute'
  | 'stateFilter'
  | 'more'
  | 'save'
  | 'toggle'
  | 'answer';

export type Context =
  | 'global'
  | 'trust'
  | 'login'
  | 'courses'
  | 'exam'
  | 'summary'
  | 'dashboard'
  | 'admin'
  | 'bank'
  | 'form'
  | 'transfer'
  | 'analytics'
  | 'attempts'
  | 'timeline'
  | 'users'
  | 'confirm'
  | 'settings'
  | 'settings-edit'
  | 'preview'
  | 'prompt'
  | 'exam-closed'
  | 'review'
  | 'live'
  | 'enrolments'
  | 'reason'
  | 'register'
  | 'search'
  | 'attempt-id';

interface Binding {
  /** What the help overlay shows, e.g. "↑/↓". */
  keys: string;
  action: Action;
  help: string;
  match: (input: string, key: Key) => boolean;
  /** The binding's words on the hint line, in table order (client/keys.ts HINTS). */
  hint?: string;
}

const ch = (c: string) => (input: string, key: Key) => !key.ctrl && !key.meta && input === c;
const up = (_: string, k: Key) => k.upArrow;
const down = (_: string, k: Key) => k.downArrow;
const enter = (_: string, k: Key) => k.return;
const esc = (_: string, k: Key) => k.escape;

/** ↑/↓ and their hint words ("↑/↓ move"); none on the hint line when `hint` is empty. */
const upDown = (hint = 'move'): Binding[] => [
  { keys: '↑/↓', action: 'up', help: 'move', match: up, ...(hint ? { hint: `↑/↓ ${hint}` } : {}) },
  { keys: '', action: 'down', help: '', match: down },
];
/** Moving between the fields of a form: Tab/↓ forward, Shift+Tab/↑ back. */
const fieldNav: Binding[] = [
  {
    keys: 'Tab/↓ ↑',
    action: 'nextField',
    help: 'next / previous field',
    match: (_, k) => (k.tab && !k.shift) || k.downArrow,
    hint: 'Tab next',
  },
  { keys: '', action: 'prevField', help: '', match: (_, k) => (k.tab && k.shift) || k.upArrow },
];
const pages = (hint?: string): Binding[] => [
  { keys: 'PgUp/PgDn', action: 'pageUp', help: 'page', match: (_, k) => k.pageUp, ...(hint ? { hint } : {}) },
  { keys: '', action: 'pageDown', help: '', match: (_, k) => k.pageDown },
];
const nav = (hint = 'move'): Binding[] => [...upDown(hint), ...pages()];
const back = (hint = 'Esc back'): Binding => ({ keys: 'Esc', action: 'back', help: 'back', match: esc, hint });
/** Shown in the help of screens with a text field; the keys themselves go to client/state/text-field.ts. */
const textKeys: Binding[] = [
  {
    keys: '←/→ Home/End',
    action: 'left',
    help: 'move the cursor in the text (also Ctrl+A / Ctrl+E)',
    match: () => false,
  },
  { keys: 'Ctrl+U', action: 'left', help: 'clear the text before the cursor', match: () => false },
];
/** A line of the help (and words of the hint) about typing; the characters go to the text field. */
const typeText = (what: string): Binding => ({
  keys: 'text',
  action: 'left',
  help: `type ${what}`,
  match: () => false,
  hint: `type ${what}`,
});

const table: Record<Context, Binding[]> = {
  global: [
    { keys: '?', action: 'help', help: 'show / hide these keys', match: ch('?') },
    { keys: 'Ctrl+K', action: 'help', help: 'keys (also inside text fields)', match: (i, k) => k.ctrl && i === 'k' },
    { keys: 'Ctrl+C', action: 'quit', help: 'quit', match: (i, k) => k.ctrl && i === 'c' },
  ],
  trust: [
    { keys: 'Enter', action: 'select', help: 'check the fingerprint', match: enter, hint: 'Enter check' },
    { keys: 'y / n', action: 'yes', help: 'trust and pin / refuse', match: ch('y'), hint: 'y trust' },
    { keys: '', action: 'no', help: '', match: ch('n'), hint: 'n refuse' },
    { keys: 'Esc', action: 'back', help: 'quit without trusting', match: esc, hint: 'Esc quit' },
  ],
  login: [
    ...fieldNav,
    {
      keys: '←/→',
      action: 'toggleRole',
      help: 'switch Student / Admin (role field)',
      match: (_, k) => k.leftArrow || k.rightArrow,
      hint: '←/→ role',
    },
    { keys: 'Enter', action: 'select', help: 'log in', match: enter, hint: 'Enter submit' },
    {
      keys: 'Ctrl+R',
      action: 'register',
      help: 'register a student account instead',
      match: (i, k) => k.ctrl && i === 'r',
      hint: 'Ctrl+R register',
    },
    { keys: '', action: 'back', help: '', match: esc },
  ],
  // The login screen in register mode: no role field, and Ctrl+R goes back to log in.
  register: [
    ...fieldNav,
    { keys: 'Enter', action: 'select', help: 'register', match: enter, hint: 'Enter register' },
    {
      keys: 'Ctrl+R',
      action: 'register',
      help: 'back to log in',
      match: (i, k) => k.ctrl && i === 'r',
      hint: 'Ctrl+R back to log in',
    },
    { keys: '', action: 'back', help: '', match: esc },
    ...textKeys,
  ],
  courses: [
    ...nav(),
    { keys: 'Enter', action: 'select', help: 'start or resume the exam', match: enter, hint: 'Enter start' },
    { keys: 'd', action: 'dashboard', help: 'progress dashboard', match: ch('d'), hint: 'd dashboard' },
    { keys: 'r', action: 'refresh', help: 'reload', match: ch('r') },
    { keys: 'L', action: 'logout', help: 'log out', match: ch('L'), hint: 'L logout' },
  ],
  exam: [
    {
      keys: 'A-H',
      action: 'answer',
      help: 'answer with that letter',
      match: (i, k) => !k.ctrl && !k.meta && letterIndex(i) !== undefined,
      hint: 'A-H/↑↓+Enter answer',
    },
    { keys: '↑/↓ Enter', action: 'up', help: 'move to an option, answer it', match: up },
    { keys: '', action: 'down', help: '', match: down },
    { keys: '', action: 'select', help: '', match: enter },
    {
      keys: '←/→',
      action: 'left',
      help: 'previous / next question',
      match: (_, k) => k.leftArrow,
      hint: '←/→ question',
    },
    { keys: '', action: 'right', help: '', match: (_, k) => k.rightArrow },
    {
      keys: 'PgDn/PgUp',
      action: 'pageDown',
      help: 'scroll the question and options a page',
      match: (_, k) => k.pageDown,
      hint: 'PgDn/j more',
    },
    { keys: '', action: 'pageUp', help: '', match: (_, k) => k.pageUp },
    { keys: 'j/k', action: 'scrollDown', help: 'scroll a line down / up', match: ch('j') },
    { keys: '', action: 'scrollUp', help: '', match: ch('k') },
    {
      keys: 'Ctrl+F',
      action: 'finish',
      help: 'finish the exam (asks first)',
      match: (i, k) => k.ctrl && i === 'f',
      hint: 'Ctrl+F finish',
    },
    { keys: 'Esc', action: 'back', help: 'leave the exam (asks; the attempt stays open)', match: esc },
  ],
  // The exam screen when no exam could be opened (e.g. every attempt used): only ways out.
  'exam-closed': [
    {
      keys: 'Esc/q/Enter',
      action: 'back',
      help: 'back to your courses',
      match: (i, k) => k.escape || k.return || ch('q')(i, k),
      hint: 'Esc, q or Enter: back to your courses',
    },
  ],
  review: [...upDown('PgUp/PgDn scroll'), ...pages(), back(), { keys: 'q', action: 'back', help: '', match: ch('q') }],
  summary: [
    {
      keys: 'Enter/Esc',
      action: 'select',
      help: 'back to courses',
      match: (_, k) => k.return || k.escape,
      hint: 'Enter courses',
    },
    { keys: 'v', action: 'review', help: 'review this attempt', match: ch('v'), hint: 'v review' },
    { keys: 'd', action: 'dashboard', help: 'progress dashboard', match: ch('d'), hint: 'd dashboard' },
  ],
  dashboard: [
    ...upDown('attempt'),
    { keys: 'Enter', action: 'select', help: 'review the selected attempt', match: enter, hint: 'Enter review' },
    ...pages('PgUp/PgDn scroll'),
    back(),
    { keys: 'q', action: 'back', help: '', match: ch('q') },
    { keys: 'r', action: 'refresh', help: 'reload', match: ch('r') },
  ],
  admin: [
    ...nav(),
    { keys: 'Enter', action: 'select', help: 'open', match: enter, hint: 'Enter open' },
    { keys: 'L', action: 'logout', help: 'log out', match: ch('L'), hint: 'L logout' },
  ],
  bank: [
    ...nav(''),
    back(''),
    { keys: 'n', action: 'new', help: 'new question', match: ch('n'), hint: 'n new' },
    {
      keys: 'Enter/e',
      action: 'edit',
      help: 'edit the question',
      match: (i, k) => k.return || ch('e')(i, k),
      hint: 'Enter edit',
    },
    // Only x: Backspace arrives as Ink's `delete` on most terminals and must never delete a question.
    { keys: 'x', action: 'delete', help: 'delete (asks first)', match: ch('x'), hint: 'x delete' },
    { keys: '/', action: 'search', help: 'search text / concept / id', match: ch('/'), hint: '/ search' },
    { keys: 'c', action: 'filter', help: 'cycle the course filter', match: ch('c'), hint: 'c course' },
    { keys: 'i', action: 'import', help: 'import a CSV file', match: ch('i'), hint: 'i/o CSV' },
    { keys: 'o', action: 'export', help: 'export to a CSV file', match: ch('o') },
    { keys: 'r', action: 'refresh', help: 'reload', match: ch('r') },
  ],
  // The bank's search line: typed text filters as it goes.
  search: [
    typeText('to search'),
    { keys: 'Enter', action: 'select', help: 'keep the search', match: enter, hint: 'Enter keep' },
    { keys: 'Esc', action: 'back', help: 'clear the search', match: esc, hint: 'Esc clear' },
    ...upDown(''),
    ...textKeys,
  ],
  form: [
    ...fieldNav,
    {
      keys: '←/→',
      action: 'left',
      help: 'change a choice field; move the cursor in a text field',
      match: (_, k) => k.leftArrow,
      hint: '←/→ choice',
    },
    { keys: '', action: 'right', help: '', match: (_, k) => k.rightArrow },
    { keys: 'Ctrl+S', action: 'select', help: 'save', match: (i, k) => k.ctrl && i === 's', hint: 'Ctrl+S save' },
    back('Esc cancel'),
    textKeys[1],
  ],
  transfer: [
    { keys: 'Enter', action: 'select', help: 'run', match: enter, hint: 'Enter run' },
    {
      keys: 'Tab',
      action: 'nextField',
      help: 'switch import / export',
      match: (_, k) => k.tab,
      hint: 'Tab import/export',
    },
    back(),
    ...textKeys,
  ],
  analytics: [
    { keys: '←/→', action: 'left', help: 'switch tab', match: (_, k) => k.leftArrow, hint: '←/→ tab' },
    { keys: '', action: 'right', help: '', match: (_, k) => k.rightArrow },
    ...nav('scroll'),
    { keys: 'c', action: 'filter', help: 'cycle the course filter', match: ch('c'), hint: 'c course' },
    { keys: 'o', action: 'exportResults', help: 'export results CSV to a file', match: ch('o'), hint: 'o export' },
    back(),
    { keys: 'r', action: 'refresh', help: 'reload', match: ch('r') },
  ],
  attempts: [
    ...nav(),
    { keys: 'Enter', action: 'select', help: 'open the timeline', match: enter, hint: 'Enter timeline' },
    {
      keys: 'f',
      action: 'stateFilter',
      help: 'cycle the state: all / open / finished / expired',
      match: ch('f'),
      hint: 'f state',
    },
    { keys: 'c', action: 'filter', help: 'cycle the course filter', match: ch('c'), hint: 'c course' },
    { keys: '/', action: 'search', help: 'open an attempt by id', match: ch('/'), hint: '/ id' },
    // Not on the hint line (it is full): the count line says "(m more)" when there is a next page.
    { keys: 'm', action: 'more', help: 'load the next page of attempts (also ↓ on the last row)', match: ch('m') },
    back(),
  ],
  // The Attempts screen's "open by id" line.
  'attempt-id': [
    typeText('the attempt id'),
    { keys: 'Enter', action: 'select', help: 'open its timeline', match: enter, hint: 'Enter open' },
    { keys: 'Esc', action: 'back', help: 'cancel', match: esc, hint: 'Esc cancel' },
    ...textKeys,
  ],
  timeline: [
    ...nav('scroll'),
    { keys: 'v', action: 'review', help: 'review the attempt question by question', match: ch('v'), hint: 'v review' },
    back(),
  ],
  users: [
    ...nav(),
    { keys: 'u', action: 'unlock', help: 'unlock the account (asks for a reason)', match: ch('u'), hint: 'u unlock' },
    {
      keys: 'p',
      action: 'resetPassword',
      help: 'set a new password (asks for a reason)',
      match: ch('p'),
      hint: 'p password',
    },
    { keys: 'r', action: 'refresh', help: 'reload', match: ch('r'), hint: 'r reload' },
    back(),
  ],
  settings: [
    ...nav(),
    {
      keys: 'Enter/e',
      action: 'edit',
      help: "edit the course's exam settings",
      match: (i, k) => k.return || ch('e')(i, k),
      hint: 'Enter edit',
    },
    { keys: 'r', action: 'refresh', help: 'reload', match: ch('r'), hint: 'r reload' },
    back(),
  ],
  // One course's exam settings: digits go to the number fields through client/state/text-field.ts.
  'settings-edit': [
    ...fieldNav,
    {
      keys: '0-9 Backspace',
      action: 'left',
      help: 'type / delete digits in a number field',
      match: () => false,
      hint: 'digits',
    },
    {
      keys: 'space ←/→',
      action: 'toggle',
      help: 'change a choice (y / n also set Proctored)',
      match: (i, k) => k.leftArrow || k.rightArrow || ch(' ')(i, k),
      hint: 'space/←/→ choice',
    },
    { keys: 'Enter', action: 'save', help: 'save (new attempts use the settings)', match: enter, hint: 'Enter save' },
    back('Esc cancel'),
  ],
  preview: [
    {
      keys: 'y',
      action: 'yes',
      help: 'import every row (only when there are no errors)',
      match: (i) => i === 'y' || i === 'Y',
      hint: 'y import all',
    },
    {
      keys: 'g',
      action: 'goodRows',
      help: 'import only the rows without errors',
      match: (i) => i === 'g' || i === 'G',
      hint: 'g good rows only',
    },
    {
      keys: 'n/Esc',
      action: 'no',
      help: 'import nothing',
      match: (i, k) => i === 'n' || i === 'N' || k.escape,
      hint: 'n nothing',
    },
  ],
  prompt: [
    { keys: 'Enter', action: 'select', help: 'next field / send', match: enter, hint: 'Enter next/send' },
    { keys: 'Tab', action: 'nextField', help: 'next field', match: (_, k) => k.tab },
    { keys: 'Esc', action: 'back', help: 'cancel', match: esc, hint: 'Esc cancel' },
    ...textKeys,
  ],
  live: [
    ...nav(''),
    back(''),
    {
      keys: 'Enter',
      action: 'select',
      help: "the attempt's timeline, updating live",
      match: enter,
      hint: 'Enter timeline',
    },
    {
      keys: '+',
      action: 'extend',
      help: 'give extra minutes (asks the reason, then to confirm)',
      match: ch('+'),
      hint: '+ time',
    },
    {
      keys: 'e',
      action: 'endAttempt',
      help: 'end the attempt now, graded as it stands (confirms)',
      match: ch('e'),
      hint: 'e end',
    },
    {
      keys: 'n',
      action: 'notice',
      help: 'send a notice to this student (confirms)',
      match: ch('n'),
      hint: 'n/N notice',
    },
    {
      keys: 'N',
      action: 'noticeCourse',
      help: "send a notice to every open attempt of this row's course",
      match: ch('N'),
    },
    { keys: 'm', action: 'mute', help: 'mute / unmute the bell on new alerts', match: ch('m'), hint: 'm bell' },
    { keys: 'c', action: 'filter', help: 'cycle the course filter', match: ch('c'), hint: 'c course' },
  ],
  enrolments: [
    ...nav(),
    { keys: 'x', action: 'delete', help: 'reset the enrolment (asks for a reason)', match: ch('x'), hint: 'x reset' },
    { keys: 'r', action: 'refresh', help: 'reload', match: ch('r'), hint: 'r reload' },
    back(),
  ],
  reason: [
    typeText('the reason'),
    { keys: 'Enter', action: 'select', help: 'reset with this reason', match: enter, hint: 'Enter reset' },
    { keys: 'Esc', action: 'back', help: 'cancel', match: esc, hint: 'Esc cancel' },
    ...textKeys,
  ],
  confirm: [
    { keys: 'y', action: 'yes', help: 'yes', match: (i) => i === 'y' || i === 'Y', hint: 'y yes' },
    { keys: 'n/Esc', action: 'no', help: 'no', match: (i, k) => i === 'n' || i === 'N' || k.escape, hint: 'n no' },
  ],
};

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

/** The exam's letter keys: a..h or A..H -> index, else undefined. */
export function letterIndex(input: string): number | undefined {
  if (input.length !== 1) return undefined;
  const i = 'abcdefgh'.indexOf(input.toLowerCase());
  return i < 0 ? undefined : i;
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
