// The vocabulary of key bindings (actions, contexts, the small matchers every table uses) and the
// bindings of the sign-in and student screens. The admin screens' bindings are in
// client/key-bindings-admin.ts; client/keys.ts joins both and answers the screens.
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

export interface Binding {
  /** What the help overlay shows, e.g. "↑/↓". */
  keys: string;
  action: Action;
  help: string;
  match: (input: string, key: Key) => boolean;
  /** The binding's words on the hint line, in table order (client/keys.ts HINTS). */
  hint?: string;
}

export const ch = (c: string) => (input: string, key: Key) => !key.ctrl && !key.meta && input === c;
export const up = (_: string, k: Key) => k.upArrow;
export const down = (_: string, k: Key) => k.downArrow;
export const enter = (_: string, k: Key) => k.return;
export const esc = (_: string, k: Key) => k.escape;

/** ↑/↓ and their hint words ("↑/↓ move"); none on the hint line when `hint` is empty. */
export const upDown = (hint = 'move'): Binding[] => [
  { keys: '↑/↓', action: 'up', help: 'move', match: up, ...(hint ? { hint: `↑/↓ ${hint}` } : {}) },
  { keys: '', action: 'down', help: '', match: down },
];
/** Moving between the fields of a form: Tab/↓ forward, Shift+Tab/↑ back. */
export const fieldNav: Binding[] = [
  {
    keys: 'Tab/↓ ↑',
    action: 'nextField',
    help: 'next / previous field',
    match: (_, k) => (k.tab && !k.shift) || k.downArrow,
    hint: 'Tab next',
  },
  { keys: '', action: 'prevField', help: '', match: (_, k) => (k.tab && k.shift) || k.upArrow },
];
export const pages = (hint?: string): Binding[] => [
  { keys: 'PgUp/PgDn', action: 'pageUp', help: 'page', match: (_, k) => k.pageUp, ...(hint ? { hint } : {}) },
  { keys: '', action: 'pageDown', help: '', match: (_, k) => k.pageDown },
];
export const nav = (hint = 'move'): Binding[] => [...upDown(hint), ...pages()];
export const back = (hint = 'Esc back'): Binding => ({ keys: 'Esc', action: 'back', help: 'back', match: esc, hint });
/** Shown in the help of screens with a text field; the keys themselves go to client/state/text-field.ts. */
export const textKeys: Binding[] = [
  {
    keys: '←/→ Home/End',
    action: 'left',
    help: 'move the cursor in the text (also Ctrl+A / Ctrl+E)',
    match: () => false,
  },
  { keys: 'Ctrl+U', action: 'left', help: 'clear the text before the cursor', match: () => false },
];
/** A line of the help (and words of the hint) about typing; the characters go to the text field. */
export const typeText = (what: string): Binding => ({
  keys: 'text',
  action: 'left',
  help: `type ${what}`,
  match: () => false,
  hint: `type ${what}`,
});

/** The exam's letter keys: a..h or A..H -> index, else undefined. */
export function letterIndex(input: string): number | undefined {
  if (input.length !== 1) return undefined;
  const i = 'abcdefgh'.indexOf(input.toLowerCase());
  return i < 0 ? undefined : i;
}

/** Bindings that hold on every screen, and those of the sign-in and student screens. */
export const studentBindings = {
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
  review: [
    ...upDown('PgUp/PgDn scroll'),
    ...pages(),
    // The "more below" line under the pane names j and k, as in the exam.
    { keys: 'j/k', action: 'scrollDown', help: 'scroll a line down / up', match: ch('j') },
    { keys: '', action: 'scrollUp', help: '', match: ch('k') },
    back(),
    { keys: 'q', action: 'back', help: '', match: ch('q') },
  ],
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
} satisfies Partial<Record<Context, Binding[]>>;
