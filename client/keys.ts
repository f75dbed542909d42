// The one place for key bindings. Screens ask `actionFor(context, input, key)`; the help overlay
// (`?`, or Ctrl+K inside a text field where `?` is typed) lists `bindingsFor(context)`.
import type { Key } from 'ink';

export type Action =
  | 'help' | 'quit' | 'back' | 'up' | 'down' | 'pageUp' | 'pageDown' | 'select' | 'nextField' | 'prevField'
  | 'toggleRole' | 'register' | 'dashboard' | 'finish' | 'new' | 'edit' | 'delete' | 'search' | 'filter'
  | 'import' | 'export' | 'refresh' | 'logout' | 'yes' | 'no' | 'left' | 'right' | 'exportResults'
  | 'goodRows' | 'unlock' | 'resetPassword'
  | 'scrollUp' | 'scrollDown' | 'review'
  | 'extend' | 'endAttempt' | 'notice' | 'noticeCourse' | 'mute' | 'stateFilter' | 'more' | 'save' | 'toggle' | 'answer';

export type Context =
  | 'global' | 'trust' | 'login' | 'courses' | 'exam' | 'summary' | 'dashboard' | 'admin' | 'bank'
  | 'form' | 'transfer' | 'analytics' | 'attempts' | 'timeline' | 'users' | 'confirm' | 'settings' | 'settings-edit'
  | 'preview' | 'prompt'
  | 'exam-closed' | 'review' | 'live'
  | 'enrolments' | 'reason';

interface Binding {
  /** What the help overlay shows, e.g. "↑/↓". */
  keys: string;
  action: Action;
  help: string;
  match: (input: string, key: Key) => boolean;
}

const ch = (c: string) => (input: string, key: Key) => !key.ctrl && !key.meta && input === c;
const up = (_: string, k: Key) => k.upArrow;
const down = (_: string, k: Key) => k.downArrow;
const enter = (_: string, k: Key) => k.return;
const esc = (_: string, k: Key) => k.escape;

const nav: Binding[] = [
  { keys: '↑/↓', action: 'up', help: 'move', match: up },
  { keys: '', action: 'down', help: '', match: down },
  { keys: 'PgUp/PgDn', action: 'pageUp', help: 'page', match: (_, k) => k.pageUp },
  { keys: '', action: 'pageDown', help: '', match: (_, k) => k.pageDown },
];
const back: Binding = { keys: 'Esc', action: 'back', help: 'back', match: esc };
/** Shown in the help of screens with a text field; the keys themselves go to client/state/text-field.ts. */
const textKeys: Binding[] = [
  { keys: '←/→ Home/End', action: 'left', help: 'move the cursor in the text (also Ctrl+A / Ctrl+E)', match: () => false },
  { keys: 'Ctrl+U', action: 'left', help: 'clear the text before the cursor', match: () => false },
];

const table: Record<Context, Binding[]> = {
  global: [
    { keys: '?', action: 'help', help: 'show / hide these keys', match: ch('?') },
    { keys: 'Ctrl+K', action: 'help', help: 'keys (also inside text fields)', match: (i, k) => k.ctrl && i === 'k' },
    { keys: 'Ctrl+C', action: 'quit', help: 'quit', match: (i, k) => k.ctrl && i === 'c' },
  ],
  trust: [
    { keys: 'Enter', action: 'select', help: 'check the fingerprint', match: enter },
    { keys: 'Esc', action: 'back', help: 'quit without trusting', match: esc },
    { keys: 'y / n', action: 'yes', help: 'trust and pin / refuse', match: ch('y') },
    { keys: '', action: 'no', help: '', match: ch('n') },
  ],
  login: [
    { keys: 'Tab/↓ ↑', action: 'nextField', help: 'next / previous field', match: (_, k) => (k.tab && !k.shift) || k.downArrow },
    { keys: '', action: 'prevField', help: '', match: (_, k) => (k.tab && k.shift) || k.upArrow },
    { keys: 'Enter', action: 'select', help: 'log in / register', match: enter },
    { keys: '←/→', action: 'toggleRole', help: 'switch Student / Admin (role field)', match: (_, k) => k.leftArrow || k.rightArrow },
    { keys: 'Ctrl+R', action: 'register', help: 'switch log in / register a student account', match: (i, k) => k.ctrl && i === 'r' },
    { keys: '', action: 'back', help: '', match: esc },
  ],
  courses: [
    ...nav,
    { keys: 'Enter', action: 'select', help: 'start or resume the exam', match: enter },
    { keys: 'd', action: 'dashboard', help: 'progress dashboard', match: ch('d') },
    { keys: 'r', action: 'refresh', help: 'reload', match: ch('r') },
    { keys: 'L', action: 'logout', help: 'log out', match: ch('L') },
  ],
  exam: [
    { keys: 'A-H', action: 'answer', help: 'answer with that letter', match: (i, k) => !k.ctrl && !k.meta && letterIndex(i) !== undefined },
    { keys: '↑/↓ Enter', action: 'up', help: 'move to an option, answer it', match: up },
    { keys: '', action: 'down', help: '', match: down },
    { keys: '', action: 'select', help: '', match: enter },
    { keys: '←/→', action: 'left', help: 'previous / next question', match: (_, k) => k.leftArrow },
    { keys: '', action: 'right', help: '', match: (_, k) => k.rightArrow },
    { keys: 'Ctrl+F', action: 'finish', help: 'finish the exam (asks first)', match: (i, k) => k.ctrl && i === 'f' },
    { keys: 'PgDn/PgUp', action: 'pageDown', help: 'scroll the question and options a page', match: (_, k) => k.pageDown },
    { keys: '', action: 'pageUp', help: '', match: (_, k) => k.pageUp },
    { keys: 'j/k', action: 'scrollDown', help: 'scroll a line down / up', match: ch('j') },
    { keys: '', action: 'scrollUp', help: '', match: ch('k') },
    { keys: 'Esc', action: 'back', help: 'leave the exam (asks; the attempt stays open)', match: esc },
  ],
  // The exam screen when no exam could be opened (e.g. every attempt used): only ways out.
  'exam-closed': [
    { keys: 'Esc/q/Enter', action: 'back', help: 'back to your courses', match: (i, k) => k.escape || k.return || ch('q')(i, k) },
  ],
  review: [
    ...nav,
    back,
    { keys: 'q', action: 'back', help: '', match: ch('q') },
  ],
  summary: [
    { keys: 'Enter/Esc', action: 'select', help: 'back to courses', match: (_, k) => k.return || k.escape },
    { keys: 'v', action: 'review', help: 'review this attempt', match: ch('v') },
    { keys: 'd', action: 'dashboard', help: 'progress dashboard', match: ch('d') },
  ],
  dashboard: [...nav, back, { keys: 'q', action: 'back', help: '', match: ch('q') }, { keys: 'Enter', action: 'select', help: 'review the selected attempt', match: enter }, { keys: 'r', action: 'refresh', help: 'reload', match: ch('r') }],
  admin: [
    ...nav,
    { keys: 'Enter', action: 'select', help: 'open', match: enter },
    { keys: 'L', action: 'logout', help: 'log out', match: ch('L') },
  ],
  bank: [
    ...nav,
    back,
    { keys: 'Enter/e', action: 'edit', help: 'edit the question', match: (i, k) => k.return || ch('e')(i, k) },
    { keys: 'n', action: 'new', help: 'new question', match: ch('n') },
    // Only x: Backspace arrives as Ink's `delete` on most terminals and must never delete a question.
    { keys: 'x', action: 'delete', help: 'delete (asks first)', match: ch('x') },
    { keys: '/', action: 'search', help: 'search text / concept / id', match: ch('/') },
    { keys: 'c', action: 'filter', help: 'cycle the course filter', match: ch('c') },
    { keys: 'i', action: 'import', help: 'import a CSV file', match: ch('i') },
    { keys: 'o', action: 'export', help: 'export to a CSV file', match: ch('o') },
    { keys: 'r', action: 'refresh', help: 'reload', match: ch('r') },
  ],
  form: [
    { keys: 'Tab/↓ ↑', action: 'nextField', help: 'next / previous field', match: (_, k) => (k.tab && !k.shift) || k.downArrow },
    { keys: '', action: 'prevField', help: '', match: (_, k) => (k.tab && k.shift) || k.upArrow },
    { keys: '←/→', action: 'left', help: 'change a choice field; move the cursor in a text field', match: (_, k) => k.leftArrow },
    { keys: '', action: 'right', help: '', match: (_, k) => k.rightArrow },
    { keys: 'Ctrl+S', action: 'select', help: 'save', match: (i, k) => k.ctrl && i === 's' },
    back,
    textKeys[1],
  ],
  transfer: [
    { keys: 'Enter', action: 'select', help: 'run', match: enter },
    { keys: 'Tab', action: 'nextField', help: 'switch import / export', match: (_, k) => k.tab },
    back,
    ...textKeys,
  ],
  analytics: [
    ...nav,
    back,
    { keys: '←/→', action: 'left', help: 'switch tab', match: (_, k) => k.leftArrow },
    { keys: '', action: 'right', help: '', match: (_, k) => k.rightArrow },
    { keys: 'c', action: 'filter', help: 'cycle the course filter', match: ch('c') },
    { keys: 'o', action: 'exportResults', help: 'export results CSV to a file', match: ch('o') },
    { keys: 'r', action: 'refresh', help: 'reload', match: ch('r') },
  ],
  attempts: [...nav, back, { keys: 'Enter', action: 'select', help: 'open the timeline', match: enter }, { keys: '/', action: 'search', help: 'open an attempt by id', match: ch('/') },
    { keys: 'f', action: 'stateFilter', help: 'cycle the state: all / open / finished / expired', match: ch('f') },
    { keys: 'c', action: 'filter', help: 'cycle the course filter', match: ch('c') },
    { keys: 'm', action: 'more', help: 'load the next page of attempts (also ↓ on the last row)', match: ch('m') }],
  timeline: [...nav, back, { keys: 'v', action: 'review', help: 'review the attempt question by question', match: ch('v') }],
  users: [
    ...nav,
    back,
    { keys: 'u', action: 'unlock', help: 'unlock the account (asks for a reason)', match: ch('u') },
    { keys: 'p', action: 'resetPassword', help: 'set a new password (asks for a reason)', match: ch('p') },
    { keys: 'r', action: 'refresh', help: 'reload', match: ch('r') },
  ],
  settings: [...nav, back, { keys: 'Enter/e', action: 'edit', help: "edit the course's exam settings", match: (i, k) => k.return || ch('e')(i, k) }, { keys: 'r', action: 'refresh', help: 'reload', match: ch('r') }],
  // One course's exam settings: digits go to the number fields through client/state/text-field.ts.
  'settings-edit': [
    { keys: 'Tab/↓ ↑', action: 'nextField', help: 'next / previous field', match: (_, k) => (k.tab && !k.shift) || k.downArrow },
    { keys: '', action: 'prevField', help: '', match: (_, k) => (k.tab && k.shift) || k.upArrow },
    { keys: '0-9 Backspace', action: 'left', help: 'type / delete digits in a number field', match: () => false },
    { keys: 'space ←/→', action: 'toggle', help: 'change a choice (y / n also set Proctored)', match: (i, k) => k.leftArrow || k.rightArrow || ch(' ')(i, k) },
    { keys: 'Enter', action: 'save', help: 'save (new attempts use the settings)', match: enter },
    { keys: 'Esc', action: 'back', help: 'cancel', match: esc },
  ],
  preview: [
    { keys: 'y', action: 'yes', help: 'import every row (only when there are no errors)', match: (i) => i === 'y' || i === 'Y' },
    { keys: 'g', action: 'goodRows', help: 'import only the rows without errors', match: (i) => i === 'g' || i === 'G' },
    { keys: 'n/Esc', action: 'no', help: 'import nothing', match: (i, k) => i === 'n' || i === 'N' || k.escape },
  ],
  prompt: [
    { keys: 'Enter', action: 'select', help: 'next field / send', match: enter },
    { keys: 'Tab', action: 'nextField', help: 'next field', match: (_, k) => k.tab },
    { keys: 'Esc', action: 'back', help: 'cancel', match: esc },
    ...textKeys,
  ],
  live: [
    ...nav,
    back,
    { keys: 'Enter', action: 'select', help: "the attempt's timeline, updating live", match: enter },
    { keys: '+', action: 'extend', help: 'give extra minutes (asks the reason, then to confirm)', match: ch('+') },
    { keys: 'e', action: 'endAttempt', help: 'end the attempt now, graded as it stands (confirms)', match: ch('e') },
    { keys: 'n', action: 'notice', help: 'send a notice to this student (confirms)', match: ch('n') },
    { keys: 'N', action: 'noticeCourse', help: "send a notice to every open attempt of this row's course", match: ch('N') },
    { keys: 'm', action: 'mute', help: 'mute / unmute the bell on new alerts', match: ch('m') },
    { keys: 'c', action: 'filter', help: 'cycle the course filter', match: ch('c') },
  ],
  enrolments: [
    ...nav,
    back,
    { keys: 'x', action: 'delete', help: 'reset the enrolment (asks for a reason)', match: ch('x') },
    { keys: 'r', action: 'refresh', help: 'reload', match: ch('r') },
  ],
  reason: [
    { keys: 'Enter', action: 'select', help: 'reset with this reason', match: enter },
    { keys: 'Esc', action: 'back', help: 'cancel', match: esc },
    ...textKeys,
  ],
  confirm: [
    { keys: 'y', action: 'yes', help: 'yes', match: (i) => i === 'y' || i === 'Y' },
    { keys: 'n/Esc', action: 'no', help: 'no', match: (i, k) => i === 'n' || i === 'N' || k.escape },
  ],
};

/** The first binding of the context (then the global ones) that matches. */
export function actionFor(context: Context, input: string, key: Key, opts: { typing?: boolean } = {}): Action | undefined {
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
  return [...(context === 'global' ? [] : table[context]), ...table.global].filter((b) => b.keys !== '').map((b) => ({ keys: b.keys, help: b.help }));
}

/** The exam's letter keys: a..h or A..H -> index, else undefined. */
export function letterIndex(input: string): number | undefined {
  if (input.length !== 1) return undefined;
  const i = 'abcdefgh'.indexOf(input.toLowerCase());
  return i < 0 ? undefined : i;
}

/** Short hint for the bottom line of each screen. */
export const HINTS: Record<Context, string> = {
  global: '? keys',
  trust: 'Enter check · y trust · n refuse · Esc quit',
  login: 'Tab next · ←/→ role · Enter submit · Ctrl+R register · ? keys',
  courses: '↑/↓ move · Enter start · d dashboard · L logout · ? keys',
  exam: 'A-H/↑↓+Enter answer · ←/→ question · PgDn/j more · Ctrl+F finish · ? keys',
  'exam-closed': 'Esc, q or Enter: back to your courses',
  review: '↑/↓ PgUp/PgDn scroll · Esc back · ? keys',
  summary: 'Enter courses · v review · d dashboard · ? keys',
  dashboard: '↑/↓ attempt · Enter review · PgUp/PgDn scroll · Esc back · ? keys',
  admin: '↑/↓ move · Enter open · L logout · ? keys',
  bank: 'n new · Enter edit · x delete · / search · c course · i/o CSV · ? keys',
  form: 'Tab next · ←/→ choice · Ctrl+S save · Esc cancel · Ctrl+K keys',
  transfer: 'Enter run · Tab import/export · Esc back · Ctrl+K keys',
  analytics: '←/→ tab · ↑/↓ scroll · c course · o export · Esc back · ? keys',
  attempts: '↑/↓ move · Enter timeline · f state · c course · / id · Esc back · ? keys',
  timeline: '↑/↓ scroll · v review · Esc back · ? keys',
  users: '↑/↓ move · u unlock · p password · r reload · Esc back · ? keys',
  settings: '↑/↓ move · Enter edit · r reload · Esc back · ? keys',
  'settings-edit': 'Tab next · digits · space/←/→ choice · Enter save · Esc cancel · ? keys',
  confirm: 'y yes · n no',
  preview: 'y import all · g good rows only · n nothing',
  prompt: 'Enter next/send · Esc cancel · Ctrl+K keys',
  live: 'Enter timeline · + time · e end · n/N notice · m bell · c course · ? keys',
  enrolments: '↑/↓ move · x reset · r reload · Esc back · ? keys',
  reason: 'type the reason · Enter reset · Esc cancel · Ctrl+K keys',
};

/** The login screen in register mode: there is no role field, and Ctrl+R goes back to log in. */
export const REGISTER_HINT = 'Tab next · Enter register · Ctrl+R back to log in · ? keys';

/** The hint line as shown: inside a text field `?` is typed, so it names Ctrl+K instead. */
export function hintFor(hint: string, typing: boolean): string {
  if (!typing || hint.endsWith('Ctrl+K keys')) return hint;
  return `${hint.replace(/ · \? keys$/, '')} · Ctrl+K keys`;
}
