import { burstKeys, isBurst } from './key-burst.js';

test('a burst is several plain keys in one read; a key with a flag or an escape sequence is not', () => {
  expect(isBurst('/tree', {})).toBe(true);
  expect(isBurst('a', {})).toBe(false);
  expect(isBurst('😀', {})).toBe(false); // one character in two code units
  expect(isBurst('', { return: true })).toBe(false);
  expect(isBurst('k', { ctrl: true })).toBe(false);
  expect(isBurst('\u001b[A', {})).toBe(false);
});

test('burstKeys gives each key as Ink reports it alone, with where it starts', () => {
  expect(burstKeys('/Ab\r\t\u007f\u0013😀z')).toEqual([
    { input: '/', key: {}, at: 0 },
    { input: 'A', key: { shift: true }, at: 1 },
    { input: 'b', key: {}, at: 2 },
    { input: '', key: { return: true }, at: 3 },
    { input: '', key: { tab: true }, at: 4 },
    { input: '', key: { backspace: true }, at: 5 },
    { input: 's', key: { ctrl: true }, at: 6 },
    { input: '😀', key: {}, at: 7 },
    { input: 'z', key: {}, at: 9 },
  ]);
});
