import { parseArgs } from 'node:util';
import { argsErrorMessage } from './args-error.js';

const options = {
  data: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  'start-ms': { type: 'string' },
} as const;
const refusal = (args: string[]) => {
  try {
    parseArgs({ args, options, strict: true, allowPositionals: false });
    return 'ok';
  } catch (err) {
    return argsErrorMessage(err);
  }
};

test.each([
  [['--nope'], 'unknown option --nope'],
  [['-x'], 'unknown option -x'],
  [['stray'], "unexpected argument 'stray'"],
  [['--data'], '--data needs a value'],
  [['--data', '--help'], '--data needs a value'],
  [['--start-ms', '-1'], '--start-ms needs a value'],
  [['--help=1'], '--help takes no value'],
])('%j -> %s', (args, message) => {
  expect(refusal(args)).toBe(message);
});

test('an error that is not a refused command line is thrown again', () => {
  const bug = new TypeError('not a command line');
  expect(() => argsErrorMessage(bug)).toThrow(bug);
});
