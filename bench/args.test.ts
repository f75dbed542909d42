import { parseFlags, parseFlagsAndOperands, UsageError, UsageRequest } from './args.js';
import { Samples, table } from './stats.js';
import { storedAnswers } from './fault.js';
import { parseVariants, VARIANT_FLAGS } from './load.js';

describe('bench flags', () => {
  const defaults = { students: 1000, variants: 'all', fsync: true, keep: false };

  it('types values by their default and accepts --x=y, --no-x and kebab-case', () => {
    expect(parseFlags(['--students', '200', '--variants=shipped', '--no-fsync', '--keep'], defaults, 'u')).toEqual({
      students: 200,
      variants: 'shipped',
      fsync: false,
      keep: true,
    });
    expect(parseFlags(['--think-min-ms', '5'], { thinkMinMs: 1 }, 'u')).toEqual({ thinkMinMs: 5 });
  });

  it('refuses unknown options, bad numbers and missing values with the usage', () => {
    expect(() => parseFlags(['--studnets', '5'], defaults, 'u')).toThrow(UsageError);
    expect(() => parseFlags(['--students', 'many'], defaults, 'u')).toThrow(/non-negative number/);
    expect(() => parseFlags(['--students'], defaults, 'u')).toThrow(/needs a value/);
    expect(() => parseFlags(['--help'], defaults, 'the usage')).toThrow(UsageRequest);
  });
});

describe('bench statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const s = new Samples();
    for (let i = 1; i <= 100; i++) s.add(i);
    expect(s.percentile(50)).toBe(50);
    expect(s.percentile(99)).toBe(99);
    expect(s.percentile(100)).toBe(100);
    expect(s.max()).toBe(100);
    expect(new Samples().percentile(99)).toBe(0);
  });

  it('aligns table columns', () => {
    expect(table(['', 'a'], [['row', 12345]]).split('\n')).toEqual(['         a', '---  -----', 'row  12345']);
  });
});

describe('fault verification', () => {
  it('reads the stored answers of an attempts.timeline response', () => {
    const got = storedAnswers({
      attempt: {},
      answers: [
        { questionId: 'q1', choice: 'B', correct: true },
        { questionId: 'q2', choice: 'A' },
      ],
    });
    expect([...got]).toEqual([
      ['q1', 'B'],
      ['q2', 'A'],
    ]);
  });
});

describe('bench flags on node:util parseArgs', () => {
  const defaults = { students: 1000, fsync: true, cpuProf: '' };
  it('keeps --flag=false, refuses positionals and names what is wrong', () => {
    expect(parseFlags(['--fsync=false', '--cpu-prof', 'x.cpuprofile'], defaults, 'u')).toEqual({
      students: 1000,
      fsync: false,
      cpuProf: 'x.cpuprofile',
    });
    expect(parseFlags(['--fsync=true'], { ...defaults, fsync: false }, 'u').fsync).toBe(true);
    expect(() => parseFlags(['stray'], defaults, 'u')).toThrow("unexpected argument 'stray'");
    expect(() => parseFlags(['--studnets', '5'], defaults, 'u')).toThrow('unknown option --studnets');
    expect(() => parseFlags(['--students', '-3'], defaults, 'u')).toThrow(/needs a value|non-negative/);
  });
});

describe('bench operands', () => {
  it('takes a file given after a flag value, not the value (profile --top 5 FILE)', () => {
    expect(parseFlagsAndOperands(['--top', '5', 'x.cpuprofile'], { top: 25 }, 'u')).toEqual({
      flags: { top: 5 },
      operands: ['x.cpuprofile'],
    });
    expect(parseFlagsAndOperands(['x.cpuprofile', '--top=7'], { top: 25 }, 'u')).toEqual({
      flags: { top: 7 },
      operands: ['x.cpuprofile'],
    });
    expect(() => parseFlagsAndOperands(['--tpo', '5'], { top: 25 }, 'u')).toThrow(/unknown option --tpo/);
  });
});

describe('--variants of load and throughput', () => {
  it('reads a comma list, spaces allowed, and names the known ones when one is unknown', () => {
    expect(parseVariants('shipped, fsync-off')).toEqual(['shipped', 'fsync-off']);
    expect(parseVariants(VARIANT_FLAGS.variants)).toEqual(['shipped', 'fsync-off', 'sealing-off']);
    expect(() => parseVariants('shipped,fsync-of')).toThrow(
      "unknown variant 'fsync-of'; use shipped, fsync-off, sealing-off",
    );
  });
});
