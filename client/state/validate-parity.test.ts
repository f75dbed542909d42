// Validation parity: for each field rule, the client's own check (the forms: client/state/validate.ts,
// exam-settings-reducer.ts, live.ts) and the server's validator (server/commands.ts, derived from the
// contract) accept and refuse the same values, so a form never lets through what the server then
// refuses, and never refuses what the server would take. Table-driven over the edge cases.
import { AppError } from '../../protocol/errors.js';
import { EXAM_LIMITS, MONITOR_ARG_LIMITS, QUESTION_LIMITS } from '../../protocol/contract/limits.js';
import { COMMANDS } from '../../server/commands.js';
import { settingsError, startEdit, type SettingsEdit } from './exam-settings-reducer.js';
import { openForm, submitField, type LiveForm, type LiveRow } from './live.js';
import { passwordError, questionErrors, usernameError, type QuestionDraft } from './validate.js';

/** The server's verdict: its validator returns, or refuses with BAD_REQUEST (anything else is a bug). */
function serverAccepts(cmd: string, args: Record<string, unknown>): boolean {
  try {
    COMMANDS[cmd].validate(args);
    return true;
  } catch (e) {
    if (e instanceof AppError && e.code === 'BAD_REQUEST') return false;
    throw e;
  }
}

interface Rule<T> {
  rule: string;
  client: (v: T) => boolean;
  server: (v: T) => boolean;
  cases: [string, T, boolean][];
}

const emoji = '😀';
const opts = (...o: string[]) => [...o, ...Array(8 - o.length).fill('')];
const baseQ: QuestionDraft = {
  course: 'DSA',
  concept: 'Sorting',
  difficulty: 'Easy',
  answer: 'A',
  text: 'Which is stable?',
  options: opts('merge sort', 'heap sort'),
};
const usedOf = (d: QuestionDraft) => {
  const used = d.options.map((o) => o.trim());
  while (used.length > 0 && used[used.length - 1] === '') used.pop();
  return used;
};
const qArgs = (d: QuestionDraft) => ({
  text: d.text,
  options: usedOf(d),
  answer: d.answer,
  concept: d.concept,
  difficulty: d.difficulty,
  course: d.course,
});

const settings = (values: Partial<SettingsEdit['values']>): SettingsEdit => {
  const e = startEdit({ course: 'DSA', questions: 35, exam: { count: 10, minutes: 15, proctored: true, attempts: 0 } });
  return { ...e, values: { ...e.values, ...values } };
};
const row = { attemptId: 'att-1', student: 'alice', course: 'DSA' } as LiveRow;
/** Fills the live action form field by field, as the invigilator types; accepted = it reaches the confirmation. */
function liveForm(kind: 'extend' | 'end' | 'notice', values: string[]): boolean {
  let f: LiveForm = openForm(kind, row);
  for (const v of values) {
    f = submitField({ ...f, fields: f.fields.map((x, i) => (i === f.field ? { ...x, value: v } : x)) });
    if (f.error) return false;
  }
  return f.confirming;
}

/** Each rule typed by its own value; the table holds them side by side. */
const rule = <T>(r: Rule<T>) => r as unknown as Rule<unknown>;
const RULES: Rule<unknown>[] = [
  rule({
    rule: 'auth.register username',
    client: (u: string) => usernameError(u) === undefined,
    server: (u: string) => serverAccepts('auth.register', { username: u, password: 'long enough' }),
    cases: [
      ['2 characters', 'al', false],
      ['3 characters', 'ali', true],
      ['32 characters', 'a'.repeat(32), true],
      ['33 characters', 'a'.repeat(33), false],
      ['a space inside', 'al ice', false],
      ['_ . - inside', 'a_l.i-ce', true],
      ['an accented letter', 'alicé', false],
      ['empty', '', false],
    ],
  }),
  rule({
    rule: 'auth.register password (code points)',
    client: (p: string) => passwordError(p) === undefined,
    server: (p: string) => serverAccepts('auth.register', { username: 'alice', password: p }),
    cases: [
      ['a 4-emoji password (4 characters, 8 UTF-16 units)', emoji.repeat(4), false],
      ['an 8-emoji password', emoji.repeat(8), true],
      ['7 characters', 'seven77', false],
      ['8 characters', 'eight888', true],
      ['128 characters', 'p'.repeat(128), true],
      ['129 characters', 'p'.repeat(129), false],
      ['128 emoji (256 UTF-16 units)', emoji.repeat(128), true],
      ['129 emoji', emoji.repeat(129), false],
    ],
  }),
  rule({
    rule: 'users.setPassword password',
    client: (p: string) => passwordError(p) === undefined,
    server: (p: string) => serverAccepts('users.setPassword', { username: 'alice', password: p, reason: 'forgot it' }),
    cases: [
      ['4 emoji', emoji.repeat(4), false],
      ['8 emoji', emoji.repeat(8), true],
      ['129 characters', 'p'.repeat(129), false],
    ],
  }),
  rule({
    rule: 'questions.create fields',
    client: (p: Partial<QuestionDraft>) => Object.keys(questionErrors({ ...baseQ, ...p })).length === 0,
    server: (p: Partial<QuestionDraft>) => serverAccepts('questions.create', qArgs({ ...baseQ, ...p })),
    cases: [
      ['a valid question', {}, true],
      ['course "_DSA" (starts with _)', { course: '_DSA' }, false],
      ['course " DSA " (trimmed)', { course: ' DSA ' }, true],
      ['course with a space inside', { course: 'Data Structures' }, true],
      ['course of 32 characters', { course: 'C'.repeat(32) }, true],
      ['course of 33 characters', { course: 'C'.repeat(33) }, false],
      ['course with a slash', { course: 'DSA/1' }, false],
      [
        `an option of ${QUESTION_LIMITS.optionMax} characters`,
        { options: opts('x'.repeat(QUESTION_LIMITS.optionMax), 'y') },
        true,
      ],
      ['an option of 600 characters', { options: opts('x'.repeat(600), 'y') }, false],
      ['options "No|No"', { options: opts('No', 'No') }, false],
      ['options differing only in case and spaces', { options: opts('No  way', ' no way') }, false],
      ['an option with |', { options: opts('a|b', 'c') }, false],
      ['a blank option between two', { options: opts('a', ' ', 'c') }, false],
      ['one option', { options: opts('only') }, false],
      ['eight options, answer H', { options: ['1', '2', '3', '4', '5', '6', '7', '8'], answer: 'H' }, true],
      ['answer C with two options', { answer: 'C' }, false],
      ['answer B with two options', { answer: 'B' }, true],
      ['concept of 64 characters', { concept: 'c'.repeat(64) }, true],
      ['concept of 65 characters', { concept: 'c'.repeat(65) }, false],
      ['blank concept', { concept: '   ' }, false],
      ['text of 2000 characters', { text: 't'.repeat(2000) }, true],
      ['text of 2001 characters', { text: 't'.repeat(2001) }, false],
      ['blank text', { text: '   ' }, false],
    ],
  }),
  rule({
    rule: 'exams.configure settings',
    client: (v: Partial<SettingsEdit['values']>) => settingsError(settings(v)) === undefined,
    server: (v: Partial<SettingsEdit['values']>) => {
      const s = settings(v).values;
      return serverAccepts('exams.configure', {
        course: 'DSA',
        count: Number(s.count),
        minutes: Number(s.minutes),
        proctored: s.proctored,
        attempts: Number(s.attempts),
        feedback: s.feedback,
      });
    },
    cases: [
      ['count 0', { count: '0' }, false],
      ['count 1', { count: '1' }, true],
      [`count ${EXAM_LIMITS.countMax}`, { count: String(EXAM_LIMITS.countMax) }, true],
      [`count ${EXAM_LIMITS.countMax + 1}`, { count: String(EXAM_LIMITS.countMax + 1) }, false],
      ['minutes 0', { minutes: '0' }, false],
      [`minutes ${EXAM_LIMITS.minutesMax} (a whole day)`, { minutes: String(EXAM_LIMITS.minutesMax) }, true],
      [`minutes ${EXAM_LIMITS.minutesMax + 1}`, { minutes: String(EXAM_LIMITS.minutesMax + 1) }, false],
      ['attempts 0 (unlimited)', { attempts: '0' }, true],
      [`attempts ${EXAM_LIMITS.attemptsMax}`, { attempts: String(EXAM_LIMITS.attemptsMax) }, true],
      [`attempts ${EXAM_LIMITS.attemptsMax + 1}`, { attempts: String(EXAM_LIMITS.attemptsMax + 1) }, false],
    ],
  }),
  rule({
    rule: 'attempts.extend minutes and reason (live form)',
    client: ([m, r]: [string, string]) => liveForm('extend', [m, r]),
    server: ([m, r]: [string, string]) =>
      serverAccepts('attempts.extend', { attemptId: 'att-1', minutes: Number(m), reason: r }),
    cases: [
      ['0 minutes', ['0', 'fire alarm'], false],
      ['1 minute', ['1', 'fire alarm'], true],
      [
        `${MONITOR_ARG_LIMITS.extendMinutesMax} minutes`,
        [String(MONITOR_ARG_LIMITS.extendMinutesMax), 'fire alarm'],
        true,
      ],
      [
        `${MONITOR_ARG_LIMITS.extendMinutesMax + 1} minutes`,
        [String(MONITOR_ARG_LIMITS.extendMinutesMax + 1), 'fire alarm'],
        false,
      ],
      ['a blank reason', ['5', '   '], false],
      [`a reason of ${MONITOR_ARG_LIMITS.reasonMax} characters`, ['5', 'r'.repeat(MONITOR_ARG_LIMITS.reasonMax)], true],
      [
        `a reason of ${MONITOR_ARG_LIMITS.reasonMax + 1} characters`,
        ['5', 'r'.repeat(MONITOR_ARG_LIMITS.reasonMax + 1)],
        false,
      ],
    ],
  }),
  rule({
    rule: 'notice.send text (live form)',
    client: (t: string) => liveForm('notice', [t]),
    server: (t: string) => serverAccepts('notice.send', { text: t.trim(), student: 'alice' }),
    cases: [
      ['a notice', 'Ten minutes left', true],
      [`${MONITOR_ARG_LIMITS.noticeMax} characters`, 'n'.repeat(MONITOR_ARG_LIMITS.noticeMax), true],
      [`${MONITOR_ARG_LIMITS.noticeMax + 1} characters`, 'n'.repeat(MONITOR_ARG_LIMITS.noticeMax + 1), false],
    ],
  }),
];

describe.each(RULES.map((r) => [r.rule, r] as const))('%s', (_rule, r) => {
  test.each(r.cases)('%s: client and server agree', (_name, value, accepted) => {
    expect(r.server(value)).toBe(accepted);
    expect(r.client(value)).toBe(accepted);
  });
});

test('a refusal is one line naming the field and the rule', () => {
  const refusal = (cmd: string, args: Record<string, unknown>) => {
    try {
      COMMANDS[cmd].validate(args);
    } catch (e) {
      return (e as Error).message;
    }
    return 'accepted';
  };
  expect(refusal('auth.register', { username: 'al', password: 'long enough' })).toBe(
    "'username' must be 3-32 characters of letters, digits, _ . -.",
  );
  expect(refusal('auth.register', { username: 'alice', password: emoji.repeat(4) })).toBe(
    'The password must be 8-128 characters; it has 4.',
  );
  expect(refusal('questions.create', qArgs({ ...baseQ, course: '_DSA' }))).toBe(
    "'course' must be 1-32 letters, digits, spaces, _ . -, starting with a letter or digit.",
  );
  expect(refusal('questions.create', qArgs({ ...baseQ, options: opts('No', 'No') }))).toBe(
    "Question: option B repeats option A ('No').",
  );
  expect(refusal('questions.create', qArgs({ ...baseQ, answer: 'C' }))).toBe('Question: answer must be a letter A..B.');
  expect(
    refusal('presence.report', { attemptId: 'a', events: [{ seq: 1, at: 2, state: 'present', faces: 1.5, fps: 1 }] }),
  ).toBe("'events[0].faces' must be a whole number from 0 to 1000.");
  expect(refusal('notice.send', { text: 'hi' })).toBe("Give exactly one of 'student' or 'course'.");
  // PROTOCOL.md 5: an integral float64 is an integer; unknown keys are ignored.
  expect(
    refusal('exams.configure', {
      course: 'DSA',
      count: 5.0,
      minutes: 30,
      proctored: false,
      attempts: 0,
      colour: 'red',
    }),
  ).toBe('accepted');
  for (const m of [refusal('auth.login', {}), refusal('questions.delete', { id: 'x', version: 0 })])
    expect(m).toMatch(/^'[a-z]+' must be [^\n]+\.$/);
});
