import { analytics, conceptTotals, courseTotals, itemOrder, scoreRows, timeline, type ItemRow } from './reports.js';
import { barChart, intervalStrip, scoreChart, scoreGlyph } from './charts.js';
import {
  analyticsSummary,
  integritySummary,
  pastAttempt,
  timeline as timelineResult,
} from '../testing/contract-fixtures.js';

// Complete answers as the server sends them (the contract's shapes), with the fields under test set.
const integrity = integritySummary({
  secondsAbsent: 12,
  absences: 2,
  secondsMultiple: 3,
  silences: [{ from: 0, to: 20000, seconds: 20 }],
  cameraErrors: 0,
  priority: {
    score: 35,
    level: 'medium',
    contributions: [
      { reason: '12 s absent', points: 24 },
      { reason: '1 silence over 15 s', points: 11 },
    ],
  },
});
const mine = [
  pastAttempt({
    attemptId: 'b',
    course: 'DSA',
    startedAt: 1500,
    finishedAt: 2000,
    score: 2,
    total: 4,
    percent: 50,
    concepts: [
      { concept: 'Sorting', correct: 1, total: 2 },
      { concept: 'Graphs', correct: 1, total: 2 },
    ],
    integrity,
  }),
  pastAttempt({
    attemptId: 'a',
    course: 'DSA',
    startedAt: 500,
    finishedAt: 1000,
    score: 1,
    total: 4,
    percent: 25,
    concepts: [
      { concept: 'Sorting', correct: 0, total: 2 },
      { concept: 'Graphs', correct: 1, total: 2 },
    ],
  }),
  pastAttempt({
    attemptId: 'c',
    course: 'OOP',
    startedAt: 2500,
    finishedAt: 3000,
    score: 3,
    total: 3,
    percent: 100,
    concepts: [{ concept: 'Classes', correct: 3, total: 3 }],
  }),
];

describe('reports', () => {
  test('score rows sort by time; totals per course and per concept (weakest first)', () => {
    const rows = scoreRows(mine);
    expect(rows.map((r) => r.attemptId)).toEqual(['a', 'b', 'c']);
    expect(rows[0]).toMatchObject({ started: 500, at: 1000, score: 1, total: 4, percent: 25 });
    expect(courseTotals(rows)).toEqual([
      { course: 'DSA', attempts: 2, best: 50, last: 50, mean: 37.5 },
      { course: 'OOP', attempts: 1, best: 100, last: 100, mean: 100 },
    ]);
    expect(conceptTotals(rows).map((c) => `${c.concept} ${c.correct}/${c.total}`)).toEqual([
      'Sorting 1/4',
      'Graphs 2/4',
      'Classes 3/3',
    ]);
    // A page of scores.mine reads the same as the whole list.
    expect(scoreRows({ attempts: mine, cursor: 'x' }).map((r) => r.attemptId)).toEqual(['a', 'b', 'c']);
  });
  test('the integrity summary lists every contribution to the review priority', () => {
    const i = scoreRows(mine)[1].integrity;
    expect(i).toMatchObject({
      secondsAbsent: 12,
      absences: 2,
      silences: 1,
      priority: 'medium (35 pts)',
      level: 'medium',
    });
    expect(i.reasons).toEqual(['12 s absent (+24)', '1 silence over 15 s (+11)']);
    expect(scoreRows(mine)[0].integrity).toMatchObject({ priority: 'low (0 pts)', reasons: [] });
  });
  test('analytics: flagged items from the server flags, concepts by rate; a null statistic is not shown as 0', () => {
    const a = analytics(
      analyticsSummary({
        distribution: [{ label: '0-10', from: 0, to: 10, count: 1 }],
        students: [{ username: 'al', attempts: 2, best: 50, mean: 37.5, last: 50 }],
        courses: [{ course: 'DSA', attempts: 2, mean: 37.5, median: 37.5, passRate: 50 }],
        concepts: [
          { concept: 'Sorting', answered: 4, correct: 1, rate: 25 },
          { concept: 'Graphs', answered: 0, correct: 0, rate: null },
        ],
        items: [
          {
            questionId: 'Q1',
            course: 'DSA',
            concept: 'Sorting',
            difficulty: 'Easy',
            attempts: 5,
            correct: 2,
            facility: 40,
            sd: 1,
            discriminationIndex: -10,
            discriminativeEfficiency: -5,
            flags: [{ reason: 'negative discrimination' }],
            text: 'Q one',
          },
          {
            questionId: 'Q2',
            course: 'DSA',
            concept: 'Graphs',
            difficulty: 'Hard',
            attempts: 5,
            correct: 3,
            facility: 60,
            sd: 1,
            discriminationIndex: null,
            discriminativeEfficiency: null,
            flags: [],
            note: 'too few',
            text: '',
          },
        ],
      }),
    );
    expect(a.items.map((i) => [i.id, i.flagged, i.why])).toEqual([
      ['Q1', true, 'negative discrimination'],
      ['Q2', false, 'too few'],
    ]);
    expect(a.items[1]).toMatchObject({ discrimination: undefined, efficiency: undefined, facility: 60 });
    expect(a.concepts).toEqual([
      { concept: 'Sorting', percent: 25, n: 4 },
      { concept: 'Graphs', percent: undefined, n: 0 },
    ]);
    expect(barChart(a.distribution, 10)).toEqual(['0-10 │██████████ 1']);
  });
  test("timeline reads attempt, answers and the server's intervals, not the raw events", () => {
    const t = timeline(
      timelineResult({
        attempt: { attemptId: 'x', username: 'al', course: 'DSA', score: 1, total: 2 },
        answers: [
          { questionId: 'q', choice: 'A', correct: true, at: 5 },
          { questionId: 'r', choice: 'B', at: 6 },
        ],
        presence: [
          { seq: 2, at: 10, receivedAt: 10, state: 'absent', faces: 0, fps: 5 },
          { seq: 1, at: 0, receivedAt: 0, state: 'present', faces: 1, fps: 5 },
        ],
        presenceTotal: 7,
        intervals: [
          { state: 'no-data', from: 0, to: 2_000 },
          { state: 'present', from: 2_000, to: 9_000 },
        ],
        integrity: { ...integrity, maxFaces: 2 },
      }),
    );
    expect(t.intervals).toEqual([
      { state: 'no-data', from: 0, to: 2_000 },
      { state: 'present', from: 2_000, to: 9_000 },
    ]);
    expect(t).toMatchObject({ username: 'al', score: 1, total: 2, reports: 7, maxFaces: 2 });
    // Feedback hidden: no `correct` on the answer, which then does not count as right.
    expect(t.answers.map((a) => a.correct)).toEqual([true, false]);
  });
});

describe('charts', () => {
  test('score chart: one row per course, one column per attempt (the last one too), 12.5 % steps', () => {
    const pts = [
      { course: 'DSA', percent: 30 },
      { course: 'OOP', percent: 100 },
      { course: 'DSA', percent: 40 },
      { course: 'DSA', percent: 0 },
      { course: 'DSA', percent: 100 },
    ];
    const lines = scoreChart(pts, 60);
    expect(lines).toHaveLength(3);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(60);
    // 30 % and 40 % differ (the old chart drew both on its 40 % row); the last attempt is one column like the others.
    expect(lines[0]).toMatch(/^DSA {2}▂▃·█ +last 100% \(4\)$/);
    expect(lines[1]).toMatch(/^OOP {2}█ +last 100% \(1\)$/);
    expect(lines[2]).toContain('▄ 50%');
    expect(scoreGlyph(30)).not.toBe(scoreGlyph(40));
    expect(scoreChart([])).toEqual(['(no finished attempts yet)']);
    // A long history keeps the newest attempts and says that older ones are left out.
    const many = scoreChart(
      Array.from({ length: 100 }, (_, i) => ({ course: 'PF', percent: i })),
      40,
    );
    expect(many[0]).toMatch(/^PF …/);
    expect(many[0]).toContain('last  99% (100)');
  });
  test("presence strip draws the server's intervals where they are, no-data as blanks", () => {
    const { strip, spanMs } = intervalStrip(
      [
        { state: 'present', from: 0, to: 10_000 },
        { state: 'absent', from: 10_000, to: 15_000 },
        { state: 'present', from: 15_000, to: 20_000 },
        { state: 'multiple', from: 20_000, to: 25_000 },
        { state: 'present', from: 25_000, to: 30_000 },
        { state: 'no-data', from: 30_000, to: 60_000 },
      ],
      60,
    );
    expect(spanMs).toBe(60_000);
    expect(strip).toBe('█'.repeat(10) + '_'.repeat(5) + '█'.repeat(5) + 'M'.repeat(5) + '█'.repeat(5) + ' '.repeat(30));
    // A 1 s absence inside a 6 s column is still drawn: the column shows the state that needs a look.
    expect(
      intervalStrip(
        [
          { state: 'present', from: 0, to: 30_000 },
          { state: 'absent', from: 30_000, to: 31_000 },
          { state: 'present', from: 31_000, to: 60_000 },
        ],
        10,
      ).strip,
    ).toBe('█████_████');
    expect(intervalStrip([], 10)).toEqual({ strip: '', spanMs: 0 });
  });
});

test('item analysis lists flagged items first, then ids in counting order (2 before 14)', () => {
  const item = (id: string, flagged = false): ItemRow => ({ id, text: '', course: 'DSA', flagged });
  const ids = [item('14'), item('2'), item('1'), item('30', true), item('OOP-10'), item('OOP-9')]
    .sort(itemOrder)
    .map((i) => i.id);
  expect(ids).toEqual(['30', '1', '2', '14', 'OOP-9', 'OOP-10']);
});
