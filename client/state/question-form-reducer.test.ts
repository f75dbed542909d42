import { sampleQuestions } from '../testing/fake-api.js';
import {
  conflictText,
  FORM_FIELDS,
  formReducer,
  initialForm,
  toQuestion,
  type FormAction,
  type FormState,
} from './question-form-reducer.js';

const run = (s: FormState, ...as: FormAction[]) => as.reduce(formReducer, s);
const focus = (s: FormState, field: string) =>
  run(s, { type: 'move', delta: FORM_FIELDS.indexOf(field as never) - s.focus });

describe('formReducer', () => {
  test('an empty new question lists what is missing and focuses the first bad field', () => {
    const s = run(initialForm(undefined, 'DSA'), { type: 'submit' });
    expect(s.saving).toBe(false);
    expect(s.errors).toMatchObject({
      concept: expect.stringMatching(/required/),
      text: expect.stringMatching(/required/),
      option1: expect.stringMatching(/at least A and B/),
    });
    expect(FORM_FIELDS[s.focus]).toBe('concept');
  });
  test('a valid question is sent without id/version and with only the used options', () => {
    let s = initialForm(undefined, 'DSA');
    s = run(focus(s, 'concept'), { type: 'type', text: 'Heaps' });
    s = run(focus(s, 'text'), { type: 'type', text: 'Min-heap root?' });
    s = run(focus(s, 'option0'), { type: 'type', text: 'smallest' });
    s = run(focus(s, 'option1'), { type: 'type', text: 'largest' });
    s = run(focus(s, 'answer'), { type: 'type', text: 'a' });
    s = run(s, { type: 'submit' });
    expect(s.saving).toBe(true);
    expect(toQuestion(s)).toEqual({
      text: 'Min-heap root?',
      options: ['smallest', 'largest'],
      answer: 'A',
      concept: 'Heaps',
      difficulty: 'Medium',
      course: 'DSA',
    });
  });
  test('gaps in options, | inside an option and an answer without an option are explained', () => {
    let s = initialForm(sampleQuestions()[0]);
    s = run(focus(s, 'option1'));
    for (let i = 0; i < 6; i++) s = run(s, { type: 'backspace' });
    s = run(focus(s, 'option2'), { type: 'type', text: '|x' });
    s = run(s, { type: 'submit' });
    expect(s.errors.option1).toMatch(/option B: empty/);
    expect(s.errors.option2).toMatch(/may not contain \|/);
    let t = initialForm(sampleQuestions()[0]);
    for (const f of ['option2', 'option3']) {
      t = focus(t, f);
      for (let i = 0; i < 6; i++) t = run(t, { type: 'backspace' });
    }
    t = run(focus(t, 'answer'), { type: 'type', text: 'd' }, { type: 'submit' });
    expect(t.errors.answer).toBe('answer: D has no option; pick A-B');
  });
  test('choice fields cycle with arrows and ignore typing of other letters', () => {
    let s = focus(initialForm(undefined, 'DSA'), 'difficulty');
    s = run(s, { type: 'cycle', delta: 1 });
    expect(s.draft.difficulty).toBe('Hard');
    s = run(s, { type: 'type', text: 'e' });
    expect(s.draft.difficulty).toBe('Easy');
    s = run(s, { type: 'type', text: 'z' });
    expect(s.draft.difficulty).toBe('Easy');
  });
  test('an edit keeps id and version; CONFLICT explains both versions and the way out', () => {
    const q = sampleQuestions()[0];
    let s = run(initialForm(q), { type: 'type', text: ' (edited)' }, { type: 'submit' });
    expect(toQuestion(s)).toMatchObject({ id: q.id, version: 1, text: `${q.text} (edited)` });
    s = run(s, { type: 'conflict', theirs: { ...q, version: 2, text: 'their text' } });
    expect(s.saving).toBe(false);
    const text = conflictText(s).join('\n');
    expect(text).toMatch(/saved version 2 after you opened version 1/);
    expect(text).toMatch(/Ctrl\+S overwrites/);
    expect(toQuestion(s, 2).version).toBe(2);
    expect(conflictText(run(s, { type: 'conflict' })).join(' ')).toMatch(/deleted/);
  });
});
