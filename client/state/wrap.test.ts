import { clampTop, reveal, wrapText } from './wrap.js';

test('wraps at word boundaries, splits words longer than the width, keeps line breaks', () => {
  expect(wrapText('the quick brown fox jumps', 10)).toEqual(['the quick', 'brown fox', 'jumps']);
  expect(wrapText('abcdefghijklmnop', 6)).toEqual(['abcdef', 'ghijkl', 'mnop']);
  expect(wrapText('one\ntwo three', 20)).toEqual(['one', 'two three']);
  const long = Array.from({ length: 400 }, (_, i) => `w${i}`).join(' ');
  const lines = wrapText(long, 80);
  expect(lines.every((l) => l.length <= 80)).toBe(true);
  expect(lines.join(' ')).toBe(long); // nothing lost, nothing cut
});

test('the window reveals a range with the smallest move, and never scrolls past the end', () => {
  expect(reveal(0, 20, 24, 10)).toBe(14);
  expect(reveal(15, 3, 5, 10)).toBe(3);
  expect(reveal(5, 6, 8, 10)).toBe(5);
  expect(reveal(0, 20, 40, 10)).toBe(20); // longer than the window: from its start
  expect(clampTop(50, 30, 10)).toBe(20);
  expect(clampTop(-3, 30, 10)).toBe(0);
  expect(clampTop(5, 4, 10)).toBe(0);
});
