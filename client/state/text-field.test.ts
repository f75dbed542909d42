import { editField, fieldOf, viewOf, type TextField } from './text-field.js';

const keys = (f: TextField, ...events: [string, object?][]) =>
  events.reduce((x, [input, key]) => editField(x, input, key ?? {}).field, f);

describe('editField', () => {
  test('a burst of keys in one input string applies every key in order', () => {
    expect(keys(fieldOf('abcdefgh'), ['\x7f'.repeat(8) + 'xy\b'])).toEqual({ value: 'x', cursor: 1 });
    expect(keys(fieldOf('ab'), ['\x7f\x7f\x7f\x7f'])).toEqual({ value: '', cursor: 0 });
  });
  test('Backspace arrives as backspace (^H) or delete (DEL): both remove the character before the cursor', () => {
    expect(keys(fieldOf('abc'), ['', { delete: true }], ['', { backspace: true }])).toEqual({ value: 'a', cursor: 1 });
  });
  test('the cursor moves with ←/→ Home/End Ctrl+A/E, typing and Backspace work where it is', () => {
    let f = keys(fieldOf('held'), ['', { leftArrow: true }], ['', { leftArrow: true }], ['x']);
    expect(f).toEqual({ value: 'hexld', cursor: 3 });
    f = keys(f, ['', { backspace: true }], ['a', { ctrl: true }], ['>'], ['e', { ctrl: true }], ['<']);
    expect(f).toEqual({ value: '>held<', cursor: 6 });
    expect(keys(f, ['', { home: true }], ['', { leftArrow: true }])).toEqual({ value: '>held<', cursor: 0 });
    expect(keys(f, ['', { end: true }], ['', { rightArrow: true }]).cursor).toBe(6);
  });
  test('Ctrl+U clears before the cursor; control characters never become text; a pasted line break is a space', () => {
    expect(keys(fieldOf('abc'), ['u', { ctrl: true }])).toEqual({ value: '', cursor: 0 });
    expect(keys(fieldOf(''), ['a\x02b\x1bc'])).toEqual({ value: 'abc', cursor: 3 });
    // Ctrl+U / Ctrl+A / Ctrl+E inside a burst act as they do alone: "Ctrl+U then new text" replaces.
    expect(keys(fieldOf('old'), ['\x15new'])).toEqual({ value: 'new', cursor: 3 });
    expect(keys(fieldOf('bc'), ['\x01a\x05d'])).toEqual({ value: 'abcd', cursor: 4 });
    expect(keys(fieldOf(''), ['one\ntwo'])).toEqual({ value: 'one two', cursor: 7 });
  });
  test('Enter ends the burst and is reported; what follows is handed back, not typed into this field', () => {
    const r = editField(fieldOf(''), 'ab\rcd', {});
    expect(r).toEqual({ field: { value: 'ab', cursor: 2 }, enter: true, rest: 'cd' });
    // With tabEnds (a field in a form), Tab in a burst moves on the same way; otherwise it is a space.
    expect(editField(fieldOf(''), '12\t3\x7f4', {}, { tabEnds: true })).toEqual({
      field: { value: '12', cursor: 2 },
      enter: false,
      tab: true,
      rest: '3\x7f4',
    });
    expect(editField(fieldOf(''), 'a\tb', {}).field.value).toBe('a b');
    // A digits-only field drops the letter, not the keys after it.
    expect(editField(fieldOf('1'), 'x2\x7f3', {}, { accept: (c) => c >= '0' && c <= '9' }).field.value).toBe('13');
    expect(editField(fieldOf('x'), '', { return: true }).enter).toBe(true);
  });
  test('an emoji is one character for Backspace; max caps the length', () => {
    expect(keys(fieldOf('a😀'), ['\x7f'])).toEqual({ value: 'a', cursor: 1 });
    expect(editField(fieldOf(''), 'abcdef', {}, { max: 4 }).field.value).toBe('abcd');
  });
});

describe('viewOf', () => {
  test('keeps the cursor in view and marks a hidden start with …', () => {
    expect(viewOf({ value: 'abc', cursor: 1 }, 10)).toEqual({ before: 'a', at: 'b', after: 'c' });
    expect(viewOf({ value: 'abc', cursor: 3 }, 10)).toEqual({ before: 'abc', at: ' ', after: '' });
    const v = viewOf(fieldOf('x'.repeat(30) + 'END'), 10);
    expect(v.before.startsWith('…')).toBe(true);
    expect(v.before.endsWith('END')).toBe(true);
    expect(v.before.length + 1).toBe(10);
    expect(viewOf({ value: 'secret', cursor: 6 }, 20, true).before).toBe('••••••');
  });
});
