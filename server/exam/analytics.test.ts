import { computeAnalytics, type ScoredAttempt, type ScoredItem } from './analytics.js';
import { itemMoments } from './analytics-items.js';

// Fixed data set: 5 students x 5 items, 1 mark each (Moodle's definitions, (s-1) denominators).
//
//        q1 q2 q3 q4 q5 | total  percent
//   A     1  1  1  0  1 |   4      80
//   B     1  0  0  0  1 |   2      40
//   C     1  1  0  0  1 |   3      60
//   D     0  0  1  1  1 |   3      60
//   E     0  0  0  0  1 |   1      20
//
// Hand computation, x = item mark, Y = total - x (rest of test), s = 5:
// q1 x=[1,1,1,0,0] Y=[3,1,2,3,1] mean x .6 mean Y 2
//    Sxx = 3(.16)+2(.36) = 1.2 -> V(x) = .3 ; Syy = 1+1+0+1+1 = 4 -> V(Y) = 1
//    Sxy = .4(1)+.4(-1)+.4(0)-.6(1)-.6(-1) = 0 -> Cov = 0 -> DI = 0
//    sorted: x=[0,0,1,1,1] Y=[1,1,2,3,3]: .6+.6+0+.4+.4 = 2 -> CovMax = .5 -> DE = 0 (flag: < 15)
//    F = 60, SD = 100 sqrt(.3) = 54.772
// q2 x=[1,0,1,0,0] Y=[3,2,2,3,1] mean x .4 mean Y 2.2
//    V(x) = 1.2/4 = .3 ; Syy = .64+.04+.04+.64+1.44 = 2.8 -> V(Y) = .7
//    Sxy = .6(.8)-.4(-.2)+.6(-.2)-.4(.8)-.4(-1.2) = .48+.08-.12-.32+.48 = .6 -> Cov = .15
//    DI = 15 / sqrt(.3 * .7) = 15 / .458258 = 32.7327
//    sorted: x=[0,0,0,1,1] Y=[1,2,2,3,3]: .48+.08+.08+.48+.48 = 1.6 -> CovMax = .4 -> DE = 37.5
//    F = 40
// q3 x=[1,0,0,1,0] Y=[3,2,3,2,1]: same moments as q2 -> DI = 32.7327, DE = 37.5, F = 40
// q4 x=[0,0,0,1,0] Y=[4,2,3,2,1] mean x .2 mean Y 2.4
//    Sxx = 4(.04)+.64 = .8 -> V(x) = .2 ; Syy = 2.56+.16+.36+.16+1.96 = 5.2 -> V(Y) = 1.3
//    Sxy = -.2(1.6)-.2(-.4)-.2(.6)+.8(-.4)-.2(-1.4) = -.32+.08-.12-.32+.28 = -.4 -> Cov = -.1
//    DI = -10 / sqrt(.26) = -19.6116
//    sorted: x=[0,0,0,0,1] Y=[1,2,2,3,4]: .28+.08+.08-.12+1.28 = 1.6 -> CovMax = .4 -> DE = -25
//    F = 20, flags: negative index and efficiency < 15
// q5 everyone right: F = 100, SD = 0, DI and DE undefined (null)
const MATRIX: Record<string, number[]> = {
  A: [1, 1, 1, 0, 1],
  B: [1, 0, 0, 0, 1],
  C: [1, 1, 0, 0, 1],
  D: [0, 0, 1, 1, 1],
  E: [0, 0, 0, 0, 1],
};
const META: Omit<ScoredItem, 'correct'>[] = [
  { questionId: 'q1', concept: 'Arrays', difficulty: 'Easy' },
  { questionId: 'q2', concept: 'Arrays', difficulty: 'Medium' },
  { questionId: 'q3', concept: 'Trees', difficulty: 'Medium' },
  { questionId: 'q4', concept: 'Trees', difficulty: 'Hard' },
  { questionId: 'q5', concept: 'Graphs', difficulty: 'Easy' },
];

function attempt(username: string, marks: number[], i: number, course = 'DSA'): ScoredAttempt {
  return {
    attemptId: `att-${username}-${i}`,
    username,
    course,
    startedAt: 1000 * i,
    finishedAt: 1000 * i + 500,
    items: marks.map((m, k) => ({
      ...(META[k] ?? { questionId: `x${k}`, concept: 'Extra', difficulty: 'Easy' }),
      correct: m === 1,
    })),
  };
}

const FIXED = Object.entries(MATRIX).map(([u, m], i) => attempt(u, m, i));

describe('item analysis (Moodle definitions)', () => {
  const items = new Map(computeAnalytics(FIXED).items.map((it) => [it.questionId, it]));

  it('matches the hand-computed facility, discrimination index and efficiency', () => {
    const expected: Record<string, [number, number | null, number | null]> = {
      q1: [60, 0, 0],
      q2: [40, 32.7327, 37.5],
      q3: [40, 32.7327, 37.5],
      q4: [20, -19.6116, -25],
      q5: [100, null, null],
    };
    for (const [id, [f, di, de]] of Object.entries(expected)) {
      const it = items.get(id)!;
      expect(it.attempts).toBe(5);
      expect(it.facility).toBeCloseTo(f, 6);
      if (di === null) expect(it.discriminationIndex).toBeNull();
      else expect(it.discriminationIndex).toBeCloseTo(di, 3);
      if (de === null) expect(it.discriminativeEfficiency).toBeNull();
      else expect(it.discriminativeEfficiency).toBeCloseTo(de, 3);
    }
    expect(items.get('q1')!.sd).toBeCloseTo(54.7723, 3);
    expect(items.get('q5')!.sd).toBe(0);
  });

  it('flags low efficiency and negative index with reasons, and nothing else', () => {
    expect(items.get('q1')!.flags.map((f) => f.reason)).toEqual([
      expect.stringMatching(/efficiency 0\.0% is under 15%/),
    ]);
    expect(items.get('q2')!.flags).toEqual([]);
    expect(items.get('q3')!.flags).toEqual([]);
    const q4 = items.get('q4')!.flags.map((f) => f.reason);
    expect(q4).toHaveLength(2);
    expect(q4[0]).toMatch(/negative discrimination index \(-19\.6\)/);
    expect(q4[1]).toMatch(/efficiency -25\.0% is under 15%/);
    expect(items.get('q5')!.flags).toEqual([]);
    expect(items.get('q5')!.note).toBe('every attempt got this question right');
  });

  it('uses only the attempts that drew the item', () => {
    // F drew q2 and q5 only: q1's statistics must not change, q2's must.
    const withF = computeAnalytics([
      ...FIXED,
      {
        ...attempt('F', [], 9),
        items: [
          { ...META[1], correct: true },
          { ...META[4], correct: true },
        ],
      },
    ]);
    const q1 = withF.items.find((it) => it.questionId === 'q1')!;
    expect(q1.attempts).toBe(5);
    expect(q1.discriminativeEfficiency).toBeCloseTo(0, 9);
    expect(withF.items.find((it) => it.questionId === 'q2')!.attempts).toBe(6);
  });

  it('is null with a reason for fewer than 2 attempts and for a constant rest of test', () => {
    const one = computeAnalytics([FIXED[0]]).items[0];
    expect(one.facility).toBe(100);
    expect(one.discriminationIndex).toBeNull();
    expect(one.note).toMatch(/fewer than 2 attempts/);
    const m = itemMoments(Float64Array.of(0, 1, 0), Float64Array.of(2, 2, 2));
    expect(m.discriminationIndex).toBeNull();
    expect(m.discriminativeEfficiency).toBeNull();
    expect(m.note).toMatch(/rest of the test/);
    expect(itemMoments(new Float64Array(0), new Float64Array(0)).facility).toBeNull();
  });
});

describe('summary aggregates', () => {
  const sum = computeAnalytics(FIXED);

  it('buckets percentages by tens, 100 % in the last bucket', () => {
    expect(sum.distribution.map((b) => b.count)).toEqual([0, 0, 1, 0, 1, 0, 2, 0, 1, 0]);
    const full = computeAnalytics([attempt('Z', [1, 1, 1, 1, 1], 0), attempt('Y', [1, 1, 1, 1, 1, 1, 1, 0, 0, 0], 1)]);
    expect(full.distribution[9].count).toBe(1);
    expect(full.distribution[7].count).toBe(1); // exactly 70 % is 70-80, not 60-70
    expect(sum.distribution[0].label).toBe('0-10');
  });

  it('reports course mean, median and pass rate at 50 %', () => {
    expect(sum.courses).toEqual([{ course: 'DSA', attempts: 5, mean: 52, median: 60, passRate: 60 }]);
    const even = computeAnalytics([attempt('A', [1, 0], 0), attempt('B', [1, 1], 1)]);
    expect(even.courses[0].median).toBe(75);
    expect(even.courses[0].passRate).toBe(100);
  });

  it('reports per student attempts, best, mean and last (by finish time)', () => {
    const s = computeAnalytics([
      attempt('ann', [1, 1, 0, 0, 0], 2),
      attempt('ann', [1, 1, 1, 1, 0], 1),
      attempt('bob', [0, 0, 0, 0, 0], 0),
    ]);
    expect(s.students).toEqual([
      { username: 'ann', attempts: 2, best: 80, mean: 60, last: 40 },
      { username: 'bob', attempts: 1, best: 0, mean: 0, last: 0 },
    ]);
  });

  it('reports per concept and per difficulty rates', () => {
    expect(sum.concepts).toEqual([
      { concept: 'Arrays', answered: 10, correct: 5, rate: 50 },
      { concept: 'Graphs', answered: 5, correct: 5, rate: 100 },
      { concept: 'Trees', answered: 10, correct: 3, rate: 30 },
    ]);
    expect(sum.difficulties).toEqual([
      { difficulty: 'Easy', answered: 10, correct: 8, rate: 80 },
      { difficulty: 'Medium', answered: 10, correct: 4, rate: 40 },
      { difficulty: 'Hard', answered: 5, correct: 1, rate: 20 },
    ]);
  });

  it('filters by course and handles no attempts', () => {
    const mixed = [...FIXED, attempt('A', [1, 1], 7, 'OOP')];
    const oop = computeAnalytics(mixed, { course: 'OOP' });
    expect(oop.course).toBe('OOP');
    expect(oop.attempts).toBe(1);
    expect(oop.courses.map((c) => c.course)).toEqual(['OOP']);
    const none = computeAnalytics([]);
    expect(none.attempts).toBe(0);
    expect(none.items).toEqual([]);
    expect(none.difficulties[0]).toEqual({ difficulty: 'Easy', answered: 0, correct: 0, rate: null });
  });

  it('summarises 5,000 attempts of 20 drawn questions quickly', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const big: ScoredAttempt[] = [];
    for (let i = 0; i < 5000; i++) {
      const ability = rnd();
      const items: ScoredItem[] = [];
      const used = new Set<number>();
      while (items.length < 20) {
        const q = Math.floor(rnd() * 90);
        if (used.has(q)) continue;
        used.add(q);
        items.push({ questionId: `q${q}`, concept: `c${q % 7}`, difficulty: 'Medium', correct: rnd() < ability });
      }
      big.push({ attemptId: `a${i}`, username: `s${i % 1200}`, course: 'DSA', startedAt: i, finishedAt: i + 1, items });
    }
    // CPU time of this process, not wall time: other processes on a loaded machine do not count.
    const t0 = process.cpuUsage();
    const out = computeAnalytics(big);
    const used = process.cpuUsage(t0);
    const ms = (used.user + used.system) / 1000;
    expect(out.items).toHaveLength(90);
    // Ability drives every answer, so every item discriminates positively.
    expect(out.items.every((it) => (it.discriminationIndex ?? 0) > 0)).toBe(true);
    expect(ms).toBeLessThan(2000); // typically ~50 ms; generous for a loaded 2-core CI box
  });
});
