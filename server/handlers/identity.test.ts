// Must-show 2 of face verification: no response to a student contains a template (nor a distance
// or threshold), reset deletes the templates from disk for good (also after a restart), enrolment
// and reset are audited; plus the verdicts and the "different person" interval on the timeline.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { templateOf, type Crop } from '../../proctor/identity.js';
import { ENROLMENTS_DIR } from '../store/enrolments.js';
import { liveIdentity } from './identity.js';
import { tempDir, testServer, type TestServer } from '../testing/harness.js';

function crop(seed: number): Crop {
  let s = seed >>> 0;
  const data = new Uint8Array(64 * 64);
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s >>> 24;
  }
  return { width: 64, height: 64, data };
}
/** A smooth pattern: LBP chi-square ~240 from the noise crop, far beyond any threshold. */
function waves(): Crop {
  const data = new Uint8Array(64 * 64);
  for (let i = 0; i < data.length; i++)
    data[i] = Math.floor(Math.sin((i % 64) / 3) * 60 + Math.cos(((i >> 6) * 3) / 7) * 60 + 128);
  return { width: 64, height: 64, data };
}
const A = templateOf(waves());
const B = templateOf(crop(2));

/** Every binary value or suspicious key anywhere in a response. */
function leaks(v: unknown, path = '$'): string[] {
  if (v instanceof Uint8Array) return [`${path}: binary`];
  if (typeof v === 'string')
    return v.includes(Buffer.from(A).toString('base64').slice(8, 40)) ? [`${path}: template text`] : [];
  if (Array.isArray(v)) return v.flatMap((x, i) => leaks(x, `${path}[${i}]`));
  if (v && typeof v === 'object') {
    return Object.entries(v).flatMap(([k, x]) => [
      ...(/^(templates?|probe|distance|threshold|thresholds|hists?)$/i.test(k) ? [`${path}.${k}`] : []),
      ...leaks(x, `${path}.${k}`),
    ]);
  }
  return [];
}

async function auditLines(dir: string): Promise<string[]> {
  return (await readFile(join(dir, 'audit.csv'), 'utf8')).split('\n');
}

describe('identity', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  let s: TestServer;
  let now = 1_700_000_000_000;
  beforeEach(async () => {
    t = await tempDir();
    s = await testServer(t.dir, { now: () => now });
  });
  afterEach(async () => {
    await s.close();
    await t.cleanup();
  });

  test('enrol, probes -> match then a different person; no student response holds a template, distance or threshold', async () => {
    const stu = await s.user('student', 'ann');
    const adm = await s.user('admin', 'prof');
    const responses: unknown[] = [];
    const call = async (cmd: string, args: Record<string, unknown> = {}) => {
      const r = await s.call(stu, cmd, args);
      responses.push(r);
      return r;
    };
    await call('courses.list');
    const att = await call('exam.start', { course: 'DSA' });
    expect(await s.code(stu, 'identity.enrol', { attemptId: att.attemptId, templates: [A] })).toBe('BAD_REQUEST'); // too few frames
    expect(await call('identity.enrol', { attemptId: att.attemptId, templates: [A, A, A] })).toEqual({
      enrolled: true,
    });
    expect(await s.code(stu, 'identity.enrol', { attemptId: att.attemptId, templates: [B, B, B] })).toBe('CONFLICT');

    const started = now;
    const ev = (seq: number, sec: number, probe?: Uint8Array) => ({
      seq,
      at: 5_000 + sec * 1000,
      state: 'present',
      faces: 1,
      fps: 5,
      ...(probe ? { probe } : {}),
    });
    now = started + 40_000;
    await call('presence.report', {
      attemptId: att.attemptId,
      events: [ev(1, 0, A), ev(2, 3, A), ev(3, 6, A), ev(4, 9, B), ev(5, 12, B), ev(6, 15, B), ev(7, 18), ev(8, 21, A)],
    });
    await call('exam.answer', { attemptId: att.attemptId, questionId: att.questions[0].id, choice: 'A' });
    await call('exam.finish', { attemptId: att.attemptId });
    await call('scores.mine');
    expect(responses.flatMap((r) => leaks(r))).toEqual([]);

    const tl = await s.call(adm, 'attempts.timeline', { attemptId: att.attemptId });
    expect(tl.identity.enrolledHere).toBe(true);
    expect(tl.identity.verdicts.map((v: { verdict: string }) => v.verdict)).toEqual([
      'match',
      'match',
      'match',
      'mismatch',
      'mismatch',
      'mismatch',
      'match',
    ]);
    expect(tl.identity.verdicts[0]).toMatchObject({ distance: 0, threshold: tl.identity.thresholds.matchAtMost });
    expect(tl.identity.verdicts[3].distance).toBeGreaterThanOrEqual(tl.identity.thresholds.mismatchAtLeast);
    const id = tl.integrity.identity;
    expect(id).toMatchObject({ enrolledHere: true, probes: 7, matches: 4, mismatches: 3, unclear: 0 });
    // Proctor clock 5 s = server start + (offset); the mismatches start 9 s after the first probe.
    const firstProbe = tl.intervals.find((x: { state: string }) => x.state !== 'no-data').from;
    expect(id.differentPerson).toHaveLength(1);
    expect(id.differentPerson[0].from - firstProbe).toBe(9_000);
    expect(id.differentPerson[0].to - firstProbe).toBe(21_000);
    expect(tl.integrity.priority.level).toBe('high');
    expect(tl.integrity.priority.contributions.map((c: { reason: string }) => c.reason)).toContain(
      '1 time a different person than the enrolled student (50 points each, at most 100)',
    );
    // For the live console: the latest verdict and a different-person alert at the interval's start.
    const live = liveIdentity(s.app, s.app.db.model.attempts.get(att.attemptId)!, id);
    expect(live).toEqual({
      identity: 'match',
      alerts: [{ kind: 'different-person', at: started + id.differentPerson[0].from }],
    });
    // The admin's list shows who enrolled when, at which attempt, and never a template.
    const st = await s.call(adm, 'identity.status', {});
    expect(st).toEqual([{ username: 'ann', enrolled: true, at: started, attemptId: att.attemptId }]);
    expect(leaks(st)).toEqual([]);
  });

  test('a probe before any enrolment gets no verdict; enrolment needs a proctored, open attempt', async () => {
    const stu = await s.user('student', 'bob');
    const adm = await s.user('admin', 'prof');
    const pf = await s.call(stu, 'exam.start', { course: 'PF' });
    expect(await s.code(stu, 'identity.enrol', { attemptId: pf.attemptId, templates: [A, A, A] })).toBe('CONFLICT');
    const dsa = await s.call(stu, 'exam.start', { course: 'DSA' });
    await s.call(stu, 'presence.report', {
      attemptId: dsa.attemptId,
      events: [{ seq: 1, at: 1, state: 'present', faces: 1, fps: 5, probe: A }],
    });
    const tl = await s.call(adm, 'attempts.timeline', { attemptId: dsa.attemptId });
    expect(tl.identity.verdicts).toEqual([]);
    expect(liveIdentity(s.app, s.app.db.model.attempts.get(dsa.attemptId)!, tl.integrity.identity)).toEqual({
      identity: 'enrolling',
      alerts: [],
    });
    expect(liveIdentity(s.app, s.app.db.model.attempts.get(pf.attemptId)!, tl.integrity.identity)).toEqual({
      alerts: [],
    }); // not proctored
    expect(tl.presence[0]).not.toHaveProperty('probe');
    await s.call(stu, 'exam.finish', { attemptId: dsa.attemptId });
    expect(await s.code(stu, 'identity.enrol', { attemptId: dsa.attemptId, templates: [A, A, A] })).toBe('EXPIRED');
    expect(
      await s.code(stu, 'presence.report', {
        attemptId: dsa.attemptId,
        events: [{ seq: 2, at: 2, state: 'present', faces: 1, fps: 5, probe: new Uint8Array(9) }],
      }),
    ).toBe('BAD_REQUEST');
  });

  test('reset deletes the templates from disk, also after a restart; enrol and reset are in audit.csv', async () => {
    const stu = await s.user('student', 'cat');
    const adm = await s.user('admin', 'prof');
    const att = await s.call(stu, 'exam.start', { course: 'DSA' });
    await s.call(stu, 'identity.enrol', { attemptId: att.attemptId, templates: [A, B, A] });
    const dir = join(t.dir, ENROLMENTS_DIR);
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect((await stat(join(dir, files[0]))).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);

    // A restart keeps the enrolment...
    await s.close();
    s = await testServer(t.dir, { now: () => now });
    const adm2 = await s.user('admin', 'prof');
    expect((await s.call(adm2, 'identity.status', { username: 'cat' }))[0]).toMatchObject({
      enrolled: true,
      attemptId: att.attemptId,
    });
    expect(await s.code(adm2, 'identity.reset', { username: 'nobody', reason: 'x' })).toBe('NOT_FOUND');
    expect(await s.call(adm2, 'identity.reset', { username: 'cat', reason: 'grew a beard' })).toEqual({});
    expect(await readdir(dir)).toEqual([]);

    // ...and after the reset and another restart the templates are gone.
    await s.close();
    s = await testServer(t.dir, { now: () => now });
    const adm3 = await s.user('admin', 'prof');
    expect(await s.call(adm3, 'identity.status', { username: 'cat' })).toEqual([{ username: 'cat', enrolled: false }]);
    expect(await readdir(dir)).toEqual([]);
    const stu2 = await s.user('student', 'cat');
    const again = await s.call(stu2, 'exam.start', { course: 'OOP' });
    expect(await s.call(stu2, 'identity.enrol', { attemptId: again.attemptId, templates: [B, B, B] })).toEqual({
      enrolled: true,
    }); // enrols again

    const audit = await auditLines(t.dir);
    expect(audit.filter((l) => l.includes(',identity.enrol,cat,'))).toHaveLength(2);
    const resets = audit.filter((l) => l.includes(',identity.reset,'));
    expect(resets).toHaveLength(1); // the refused reset of an unknown user changed nothing
    expect(resets[0]).toMatch(/,prof,.*,identity\.reset,cat,deleted the enrolment of attempt .*; reason: grew a beard/);
    void adm;
  });
});
