// The contract itself: every command is complete and its schemas are plain JSON Schema, the retry
// and secrecy flags are the ones the client and the log rely on, and the result check bites.
import { CELL_PIXELS, encodeTemplate } from '../face-template.js';
import { COMMAND_NAMES, CONTRACT, EVENTS, RETRY_SAFE } from './index.js';
import { checkArgs, eventErrors, resultErrors } from './validate.js';

test('every command names its role, schemas, retry rule and secrecy; the schemas are plain JSON', () => {
  for (const name of COMMAND_NAMES) {
    const c = CONTRACT[name];
    expect(['anon', 'any', 'user', 'student', 'admin']).toContain(c.access);
    expect(c.args.type).toBe('object');
    expect(c.summary.length).toBeGreaterThan(10);
    expect(c.retry.length).toBeGreaterThan(3);
    // A third-party client reads them as JSON Schema: they survive JSON unchanged (no functions, no symbols).
    expect(JSON.parse(JSON.stringify(c.args))).toMatchObject({ type: 'object' });
    expect(JSON.stringify(c.result)).toBeTruthy();
  }
});

test('retry-safe: the reads and idempotent commands, never exam.start or monitor.unsubscribe', () => {
  expect([...RETRY_SAFE].sort()).toEqual(
    [
      'auth.login',
      'auth.logout',
      'courses.list',
      'questions.list',
      'questions.export',
      'exam.answer',
      'exam.finish',
      'exam.resume',
      'presence.report',
      'scores.mine',
      'analytics.summary',
      'results.export',
      'attempts.timeline',
      'attempts.review',
      'users.list',
      'attempts.list',
      'monitor.subscribe',
    ].sort(),
  );
  expect(COMMAND_NAMES.filter((c) => CONTRACT[c].secret).sort()).toEqual([
    'auth.login',
    'auth.register',
    'auth.resume',
    'users.setPassword',
  ]);
});

test('a result with a field missing, one of the wrong type, or one the contract does not list is drift', () => {
  expect(resultErrors('exam.finish', { score: 1, total: 2, percent: 50 })).toEqual([]);
  expect(resultErrors('exam.finish', { score: 1, total: 2 })).not.toEqual([]);
  expect(resultErrors('exam.finish', { score: '1', total: 2, percent: 50 })).not.toEqual([]);
  expect(resultErrors('exam.finish', { score: 1, total: 2, percent: 50, grade: 'B' })).not.toEqual([]);
  // analytics.summary's `attempts` is a count: a list there is drift.
  expect(
    resultErrors('analytics.summary', {
      course: null,
      attempts: [],
      passPercent: 50,
      distribution: [],
      students: [],
      courses: [],
      concepts: [],
      difficulties: [],
      items: [],
      legacyScores: [],
    }),
  ).not.toEqual([]);
  expect(eventErrors('exam.expired', { attemptId: 'a' })).not.toEqual([]);
  expect(eventErrors('exam.surprise', {})).not.toEqual([]);
  expect(Object.keys(EVENTS).sort()).toEqual([
    'exam.deadline',
    'exam.ended',
    'exam.expired',
    'monitor',
    'notice',
    'server.closing',
  ]);
});

test('arguments: normalized, unknown keys dropped, integral floats taken, refinements run', () => {
  expect(checkArgs('exam.start', { course: '  DSA ', extra: { deep: 1 } })).toEqual({
    ok: true,
    value: { course: 'DSA' },
  });
  expect(checkArgs('questions.delete', { id: '7', version: 3.0 })).toEqual({
    ok: true,
    value: { id: '7', version: 3 },
  });
  expect(checkArgs('questions.delete', { id: '7', version: 3.5 })).toMatchObject({
    ok: false,
    message: "'version' must be a whole number from 1 to 9007199254740991.",
  });
  const good = encodeTemplate(new Uint16Array(64 * 256).map((_, i) => (i % 256 === 0 ? CELL_PIXELS : 0)));
  expect(checkArgs('identity.enrol', { attemptId: 'a', templates: [good, good, good] })).toMatchObject({ ok: true });
  expect(checkArgs('identity.enrol', { attemptId: 'a', templates: [new Uint8Array(8), good, good] })).toMatchObject({
    ok: false,
    message: expect.stringMatching(/^templates\[0\] is not a valid face template/),
  });
  expect(checkArgs('attempts.end', { attemptId: 'a', reason: '   ' })).toMatchObject({
    ok: false,
    message: expect.stringMatching(/^'reason' must be 1-500 characters/),
  });
});

test('unknown keys are dropped at every depth, without copying what has none', () => {
  const event = { seq: 1, at: 2, state: 'present', faces: 1, fps: 10 };
  const r = checkArgs('presence.report', { attemptId: 'a', events: [event, { ...event, seq: 2, colour: 'red' }] });
  expect(r).toEqual({ ok: true, value: { attemptId: 'a', events: [event, { ...event, seq: 2 }] } });
  if (r.ok) expect(r.value.events[0]).toBe(event);
});

test('nil counts as absent for the optional course filters and import flags, as 1.0 clients send it', () => {
  expect(checkArgs('questions.list', { course: null })).toEqual({ ok: true, value: {} });
  expect(checkArgs('analytics.summary', { course: null })).toEqual({ ok: true, value: {} });
  expect(checkArgs('questions.import', { csv: '', dryRun: null, allOrNothing: null })).toEqual({
    ok: true,
    value: { csv: '' },
  });
  expect(checkArgs('exam.start', { course: null })).toMatchObject({ ok: false });
});
