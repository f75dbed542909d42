import { EXAM_LIMITS } from '../../protocol/contract/limits.js';
import {
  settingsReducer,
  startEdit,
  toConfig,
  type SettingsAction,
  type SettingsEdit,
} from './exam-settings-reducer.js';

const dsa = { course: 'DSA', questions: 35, exam: { count: 10, minutes: 15, proctored: true, attempts: 0 } };
const run = (s: SettingsEdit, ...as: SettingsAction[]) => as.reduce(settingsReducer, s);

describe('exam settings', () => {
  test('digits edit the focused number; y/n or space set proctored; the config is sent as numbers', () => {
    let s = run(startEdit(dsa), { type: 'backspace' }, { type: 'backspace' }, { type: 'digit', text: '2x0' });
    expect(s.values.count).toBe('20');
    s = run(s, { type: 'move', delta: 2 }, { type: 'digit', text: 'n' });
    expect(s.values.proctored).toBe(false);
    s = run(s, { type: 'toggle' }, { type: 'move', delta: 1 }, { type: 'digit', text: '3' }, { type: 'submit' });
    expect(s.saving).toBe(true);
    expect(toConfig(s)).toEqual({ count: 20, minutes: 15, proctored: true, attempts: 3, feedback: 'immediate' });
  });
  test('out-of-range values are explained', () => {
    // More than the bank holds is allowed: an exam then draws the whole bank.
    expect(run(startEdit(dsa), { type: 'digit', text: '0' }, { type: 'submit' }).saving).toBe(true);
    let s = run(startEdit(dsa), { type: 'backspace' }, { type: 'backspace' }, { type: 'submit' });
    expect(s.error).toMatch(/at least 1/);
    s = run(startEdit(dsa), { type: 'move', delta: 1 }, { type: 'digit', text: '000' }, { type: 'submit' });
    expect(s.error).toBe(`minutes: a whole number from 1 to ${EXAM_LIMITS.minutesMax}`);
    // The server's limits, not the form's own: a whole day is allowed, more is not.
    const minutes = (m: string) =>
      run(
        startEdit(dsa),
        { type: 'move', delta: 1 },
        { type: 'backspace' },
        { type: 'backspace' },
        { type: 'digit', text: m },
        { type: 'submit' },
      );
    expect(minutes(String(EXAM_LIMITS.minutesMax)).saving).toBe(true);
    expect(minutes(String(EXAM_LIMITS.minutesMax + 1)).error).toMatch(/minutes: a whole number from 1/);
    const attempts = run(
      startEdit(dsa),
      { type: 'move', delta: 3 },
      { type: 'backspace' },
      { type: 'digit', text: String(EXAM_LIMITS.attemptsMax + 1) },
      { type: 'submit' },
    );
    expect(attempts.error).toMatch(/attempts: a whole number from 0 to 100/);
    expect(run(s, { type: 'failed', error: 'server said no' })).toMatchObject({
      saving: false,
      error: 'server said no',
    });
  });
});
