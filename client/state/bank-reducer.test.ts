import { sampleQuestions } from '../testing/fake-api.js';
import {
  bankReducer,
  coursesOf,
  initialBank,
  scrollTop,
  visible,
  type BankAction,
  type BankState,
} from './bank-reducer.js';

const run = (s: BankState, ...as: BankAction[]) => as.reduce(bankReducer, s);
const loaded = run(initialBank, { type: 'loaded', questions: sampleQuestions() });

describe('bankReducer', () => {
  test('course filter cycles through the courses then back to all', () => {
    expect(coursesOf(loaded.questions)).toEqual(['DSA', 'OOP']);
    let s = run(loaded, { type: 'cycleCourse' });
    expect(s.course).toBe('DSA');
    expect(visible(s)).toHaveLength(4);
    s = run(s, { type: 'cycleCourse' }, { type: 'cycleCourse' });
    expect(s.course).toBeUndefined();
    expect(visible(s)).toHaveLength(7);
  });
  test('search matches text, concept, id and options, case-insensitively; Esc clears it', () => {
    let s = run(loaded, { type: 'startSearch' }, { type: 'searchType', text: 'GRAPH' });
    expect(visible(s).map((q) => q.id)).toEqual(['DSA-2', 'DSA-4']);
    s = run(
      s,
      { type: 'searchBackspace' },
      { type: 'searchBackspace' },
      { type: 'searchBackspace' },
      { type: 'searchBackspace' },
      { type: 'searchBackspace' },
      { type: 'searchType', text: 'oop-3' },
    );
    expect(visible(s).map((q) => q.id)).toEqual(['OOP-3']);
    s = run(s, { type: 'endSearch', keep: false });
    expect(s.search).toBe('');
  });
  test('the cursor stays on a row when the list shrinks', () => {
    let s = run(loaded, { type: 'move', delta: 6 });
    expect(s.cursor).toBe(6);
    s = run(s, { type: 'cycleCourse' });
    expect(s.cursor).toBe(0);
    s = run(s, { type: 'move', delta: 99 });
    expect(s.cursor).toBe(3);
    s = run(s, { type: 'askDelete' }, { type: 'removed', id: 'DSA-4' });
    expect(s.cursor).toBe(2);
    expect(s.confirmDelete).toBeUndefined();
  });
  test('scrollTop keeps the cursor in view', () => {
    expect(scrollTop(0, 10, 5)).toBe(0);
    expect(scrollTop(50, 10, 100)).toBe(45);
    expect(scrollTop(99, 10, 100)).toBe(90);
  });
});
