import type { Key } from 'ink';
import { actionFor, bindingsFor, hintFor, HINTS, letterIndex, type Context } from './keys.js';

const k = (p: Partial<Key> = {}): Key => ({
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
  ...p,
});

describe('key bindings', () => {
  test('? opens the keys on every screen, except inside a text field where Ctrl+K does', () => {
    for (const ctx of Object.keys(HINTS) as Context[]) {
      expect(actionFor(ctx, '?', k())).toBe('help');
      expect(actionFor(ctx, 'k', k({ ctrl: true }), { typing: true })).toBe('help');
      expect(actionFor(ctx, '?', k(), { typing: true })).toBeUndefined();
      expect(bindingsFor(ctx).some((b) => b.keys === '?')).toBe(true);
    }
  });
  test('every hint line fits 80 columns', () => {
    for (const h of Object.values(HINTS)) {
      expect(h.length).toBeLessThanOrEqual(80);
      expect(hintFor(h, true).length).toBeLessThanOrEqual(80);
    }
  });
  test('the hint line is made from the bindings: each key it names is bound on that screen', () => {
    expect(HINTS.attempts).toBe('↑/↓ move · Enter timeline · f state · c course · / id · Esc back · ? keys');
    expect(actionFor('attempts', 'm', k())).toBe('more');
    expect(HINTS.register).toBe('Tab next · Enter register · Ctrl+R back to log in · ? keys');
    expect(actionFor('register', 'r', k({ ctrl: true }))).toBe('register');
    expect(HINTS['settings-edit']).toBe('Tab next · digits · space/←/→ choice · Enter save · Esc cancel · ? keys');
    expect(actionFor('settings-edit', ' ', k())).toBe('toggle');
    expect(actionFor('settings-edit', '', k({ return: true }))).toBe('save');
    expect(HINTS.search).toBe('type to search · Enter keep · Esc clear · Ctrl+K keys');
    expect(actionFor('search', '', k({ escape: true }))).toBe('back');
    // Letters answer in the exam through the table too; Ctrl+F is not the letter f.
    expect(actionFor('exam', 'c', k())).toBe('answer');
    expect(actionFor('exam', 'f', k({ ctrl: true }))).toBe('finish');
  });
  test('inside a text field the hint names Ctrl+K, since ? is typed there', () => {
    expect(hintFor('n new · ? keys', true)).toBe('n new · Ctrl+K keys');
    expect(hintFor('n new · ? keys', false)).toBe('n new · ? keys');
    expect(hintFor('type to search · Esc clear', true)).toBe('type to search · Esc clear · Ctrl+K keys');
    expect(hintFor('Tab next · Ctrl+K keys', true)).toBe('Tab next · Ctrl+K keys');
  });
  test('exam letters and arrows', () => {
    expect(letterIndex('a')).toBe(0);
    expect(letterIndex('H')).toBe(7);
    expect(letterIndex('i')).toBeUndefined();
    expect(actionFor('exam', '', k({ return: true }))).toBe('select');
    expect(actionFor('exam', 'f', k({ ctrl: true }))).toBe('finish');
    expect(actionFor('bank', 'x', k())).toBe('delete');
    expect(actionFor('confirm', '', k({ escape: true }))).toBe('no');
  });
});
