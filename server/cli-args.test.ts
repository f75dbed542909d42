// The server-side subcommands parse flags with node:util parseArgs; errors are one line each.
import { parseArgs, UsageError } from './cli-args.js';

const spec = { values: ['data', 'port'], booleans: ['help', 'quiet'] };
const err = (argv: string[]) => {
  try {
    parseArgs(argv, spec);
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
};

test('values, =values, booleans, -h and positionals', () => {
  expect(parseArgs(['add', 'bob', '--data', 'd', '--port=7', '--quiet'], spec)).toEqual({
    flags: { data: 'd', port: '7', quiet: true },
    positional: ['add', 'bob'],
  });
  expect(parseArgs(['-h'], spec).flags.help).toBe(true);
});

test.each([
  [['--nope'], 'unknown option --nope'],
  [['-x'], 'unknown option -x'],
  [['--data'], '--data needs a value'],
  [['--data', '--quiet'], '--data needs a value'],
  [['--help=1'], '--help takes no value'],
])('%j -> %s', (argv, message) => {
  expect(err(argv)).toBe(message);
});
