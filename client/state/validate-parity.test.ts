// Validation parity for the question fields: the form (client/state/validate.ts) and the server
// (questions.create's validator) accept and refuse the same values, so the form never lets through
// what the server then refuses, and never refuses what the server would take.
import { COMMANDS } from '../../server/commands.js';
import { passwordError, questionErrors, usernameError, type QuestionDraft } from './validate.js';

const base: QuestionDraft = { course: 'DSA', concept: 'Sorting', difficulty: 'Easy', answer: 'A', text: 'Which is stable?', options: ['merge sort', 'heap sort', '', '', '', '', '', ''] };
const opts = (...o: string[]) => [...o, ...Array(8 - o.length).fill('')];

const CASES: [string, Partial<QuestionDraft>, boolean][] = [
  ['a valid question', {}, true],
  ['course starting with _', { course: '_DSA' }, false],
  ['course with a space inside', { course: 'Data Structures' }, true],
  ['course of 33 characters', { course: 'C'.repeat(33) }, false],
  ['course of 32 characters', { course: 'C'.repeat(32) }, true],
  ['an option of 500 characters', { options: opts('x'.repeat(500), 'y') }, true],
  ['an option of 600 characters', { options: opts('x'.repeat(600), 'y') }, false],
  ['repeated options', { options: opts('No', 'No') }, false],
  ['options differing only in case and spaces', { options: opts('No', ' no  ') }, false],
  ['an option with |', { options: opts('a|b', 'c') }, false],
  ['one option', { options: opts('only') }, false],
  ['eight options', { options: ['1', '2', '3', '4', '5', '6', '7', '8'], answer: 'H' }, true],
  ['answer beyond the options', { answer: 'C' }, false],
  ['concept of 64 characters', { concept: 'c'.repeat(64) }, true],
  ['concept of 65 characters', { concept: 'c'.repeat(65) }, false],
  ['text of 2000 characters', { text: 't'.repeat(2000) }, true],
  ['text of 2001 characters', { text: 't'.repeat(2001) }, false],
  ['empty text', { text: '   ' }, false],
];

test.each(CASES)('%s: client and server agree', (_name, patch, accepted) => {
  const d = { ...base, ...patch };
  const clientOk = Object.keys(questionErrors(d)).length === 0;
  const used = d.options.map((o) => o.trim());
  while (used.length > 0 && used[used.length - 1] === '') used.pop();
  let serverOk = true;
  try {
    COMMANDS['questions.create'].validate({ text: d.text, options: used, answer: d.answer, concept: d.concept, difficulty: d.difficulty, course: d.course.trim() });
  } catch {
    serverOk = false;
  }
  expect(serverOk).toBe(accepted);
  expect(clientOk).toBe(serverOk);
});

const ACCOUNTS: [string, string, string, boolean][] = [
  ['a valid account', 'alice', 'long enough', true],
  ['a 4-emoji password (4 characters)', 'alice', '😀😀😀😀', false],
  ['an 8-emoji password', 'alice', '😀'.repeat(8), true],
  ['a 7-character password', 'alice', 'seven77', false],
  ['a 129-character password', 'alice', 'p'.repeat(129), false],
  ['a 2-character username', 'al', 'long enough', false],
  ['a username with a space', 'al ice', 'long enough', false],
  ['a username of 32 characters', 'a'.repeat(32), 'long enough', true],
];

test.each(ACCOUNTS)('%s: client and server agree', (_name, username, password, accepted) => {
  const clientOk = usernameError(username) === undefined && passwordError(password) === undefined;
  let serverOk = true;
  try {
    COMMANDS['auth.register'].validate({ username, password });
  } catch {
    serverOk = false;
  }
  expect(serverOk).toBe(accepted);
  expect(clientOk).toBe(serverOk);
});
