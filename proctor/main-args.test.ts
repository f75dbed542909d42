// `pandaproctor proctor` flags, parsed by node:util parseArgs; every refusal is one line.
import { parseArgs } from './main.js';

test('flags in either form, with defaults', () => {
  expect(parseArgs(['--source', 'video:x.avi', '--fps=10', '--loop', '--start-ms', '5'])).toEqual({
    source: { kind: 'video', path: 'x.avi' },
    fps: 10,
    realtime: false,
    loop: true,
    startMs: 5,
    identity: false,
  });
  expect(parseArgs([])).toEqual({
    source: { kind: 'camera', index: 0 },
    fps: 5,
    realtime: false,
    loop: false,
    startMs: 0,
    identity: false,
  });
  expect(parseArgs(['-h'])).toBe('help');
});

test.each([
  [['--fps', '0'], '--fps must be a number in (0, 60], e.g. --fps 5'],
  [['--source'], "--source needs a value: see 'pandaproctor proctor --help'"],
  [['--nope'], "unknown option --nope: see 'pandaproctor proctor --help'"],
  [['stray'], "unexpected argument 'stray': see 'pandaproctor proctor --help'"],
  [['--loop=1'], "--loop takes no value: see 'pandaproctor proctor --help'"],
  [['--start-ms', '-1'], /needs a value|whole number/],
])('%j is refused: %s', (argv, message) => {
  expect(() => parseArgs(argv)).toThrow(message);
});

test('--identity turns on face probes', () => {
  expect(parseArgs(['--identity'])).toMatchObject({ identity: true });
});
