// Invigilator actions (PROTOCOL.md 8): extend, end, notice and attempts.list, each with its audit row.
import type { AttemptSummary } from '../../protocol/messages.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Database } from '../store/database.js';
import { parseTable } from '../store/load.js';
import { auditTable, type AuditRow } from '../store/audit.js';
import { tempDir, testServer, type TestServer } from '../testing/harness.js';

const MIN = 60_000;

describe('invigilator actions', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  let s: TestServer;
  let clock = 1_800_000_000_000;
  const now = () => clock;

  beforeEach(async () => {
    t = await tempDir();
    s = await testServer(t.dir, { now });
  });
  afterEach(async () => {
    await s.close();
    await t.cleanup();
  });

  async function auditRows(): Promise<AuditRow[]> {
    return parseTable('audit.csv', await readFile(join(t.dir, 'audit.csv'), 'utf8'), auditTable).rows.map(
      (r) => r.value,
    );
  }

  test('extend: an answer after the old deadline is accepted, one after the new deadline refused; the student is told at once', async () => {
    const stu = await s.user('student', 'ana');
    const adm = await s.user('admin', 'proc');
    const a = await s.call(stu, 'exam.start', { course: 'DSA' });
    const oldDeadline = a.deadline;
    const res = await s.call(adm, 'attempts.extend', {
      attemptId: a.attemptId,
      minutes: 10,
      reason: 'fire alarm at 10:05',
    });
    expect(res).toEqual({ deadline: oldDeadline + 10 * MIN });
    expect(stu.events).toContainEqual({
      name: 'exam.deadline',
      data: { attemptId: a.attemptId, deadline: oldDeadline + 10 * MIN },
    });

    clock = oldDeadline + 5 * MIN;
    expect(
      await s.call(stu, 'exam.answer', { attemptId: a.attemptId, questionId: a.questions[0].id, choice: 'A' }),
    ).toHaveProperty('correct');
    clock = oldDeadline + 10 * MIN + 1;
    expect(
      await s.code(stu, 'exam.answer', { attemptId: a.attemptId, questionId: a.questions[1].id, choice: 'A' }),
    ).toBe('EXPIRED');

    const row = (await auditRows()).find((r) => r.action === 'attempts.extend')!;
    expect(row).toMatchObject({ actor: 'proc', target: a.attemptId });
    expect(row.detail).toContain('+10 min for ana: fire alarm at 10:05');
    expect(row.at).toBeGreaterThan(0);
  });

  test('extend survives a restart (attempts.csv holds the new deadline)', async () => {
    const stu = await s.user('student', 'ana');
    const adm = await s.user('admin', 'proc');
    const a = await s.call(stu, 'exam.start', { course: 'DSA' });
    await s.call(adm, 'attempts.extend', { attemptId: a.attemptId, minutes: 3, reason: 'late start' });
    await s.close();
    const db = await Database.open(t.dir, { fsync: false });
    expect(db.model.attempts.get(a.attemptId)!.deadline).toBe(a.deadline + 3 * MIN);
    await db.close();
    s = await testServer(t.dir, { now }); // afterEach closes it
  });

  test('an extension whose row cannot be written is not given', async () => {
    const stu = await s.user('student');
    const adm = await s.user('admin');
    const a = await s.call(stu, 'exam.start', { course: 'DSA' });
    const real = s.db.appendAttempt.bind(s.db);
    s.db.appendAttempt = (r) => (r.event === 'extend' ? Promise.reject(new Error('disk full')) : real(r));
    expect(await s.code(adm, 'attempts.extend', { attemptId: a.attemptId, minutes: 5, reason: 'x' })).toBe('INTERNAL');
    s.db.appendAttempt = real;
    expect(s.db.model.attempts.get(a.attemptId)!.deadline).toBe(a.deadline);
    expect(stu.events.filter((e) => e.name === 'exam.deadline')).toEqual([]);
  });

  test('extend and end refuse an attempt that is over, and a reason that is blank', async () => {
    const stu = await s.user('student');
    const adm = await s.user('admin');
    const a = await s.call(stu, 'exam.start', { course: 'OOP' });
    expect(await s.code(adm, 'attempts.extend', { attemptId: a.attemptId, minutes: 5, reason: '   ' })).toBe(
      'BAD_REQUEST',
    );
    await s.call(stu, 'exam.finish', { attemptId: a.attemptId });
    expect(await s.code(adm, 'attempts.extend', { attemptId: a.attemptId, minutes: 5, reason: 'x' })).toBe('CONFLICT');
    expect(await s.code(adm, 'attempts.end', { attemptId: a.attemptId, reason: 'x' })).toBe('CONFLICT');
    expect(await s.code(adm, 'attempts.end', { attemptId: 'nope', reason: 'x' })).toBe('NOT_FOUND');
  });

  test('end: the attempt is graded at once as it stands and the student is told', async () => {
    const stu = await s.user('student', 'ben');
    const adm = await s.user('admin', 'proc');
    const a = await s.call(stu, 'exam.start', { course: 'DSA' });
    const r1 = await s.call(stu, 'exam.answer', { attemptId: a.attemptId, questionId: a.questions[0].id, choice: 'A' });
    await s.call(stu, 'exam.answer', { attemptId: a.attemptId, questionId: a.questions[1].id, choice: 'A' });
    const res = await s.call(adm, 'attempts.end', { attemptId: a.attemptId, reason: 'phone on the desk' });
    const score = r1.correct ? 1 : 0;
    const second = s.db.model.attempts.get(a.attemptId)!.answers.get(a.questions[1].id)!.correct ? 1 : 0;
    expect(res).toEqual({ score: score + second, total: 10, percent: (score + second) * 10 });
    expect(stu.events).toContainEqual({
      name: 'exam.ended',
      data: { attemptId: a.attemptId, reason: 'phone on the desk', ...res },
    });
    expect(s.db.model.attempts.get(a.attemptId)!.finish).toMatchObject({
      score: res.score,
      total: 10,
      reason: 'finished',
    });
    expect(
      await s.code(stu, 'exam.answer', { attemptId: a.attemptId, questionId: a.questions[2].id, choice: 'A' }),
    ).toBe('EXPIRED');
    expect((await s.call(stu, 'scores.mine'))[0]).toMatchObject({ score: res.score, total: 10 });
    const rows = await auditRows();
    expect(rows.find((r) => r.action === 'attempts.end')).toMatchObject({
      actor: 'proc',
      target: a.attemptId,
      detail: `${res.score}/10: phone on the desk`,
    });
    expect(rows.some((r) => r.action === 'exam.finish' && r.target === a.attemptId)).toBe(false);
  });

  test('notice: one student, or every open attempt of a course; audit row with the text', async () => {
    const ana = await s.user('student', 'ana');
    const ben = await s.user('student', 'ben');
    const cat = await s.user('student', 'cat');
    const adm = await s.user('admin', 'proc');
    await s.call(ana, 'exam.start', { course: 'DSA' });
    await s.call(ben, 'exam.start', { course: 'DSA' });
    await s.call(cat, 'exam.start', { course: 'OOP' });
    expect(await s.call(adm, 'notice.send', { text: 'Eyes on your own screen', student: 'ana' })).toEqual({
      delivered: 1,
    });
    expect(ana.events).toContainEqual({
      name: 'notice',
      data: { from: 'proc', text: 'Eyes on your own screen', at: clock },
    });
    expect(ben.events.filter((e) => e.name === 'notice')).toEqual([]);
    expect(await s.call(adm, 'notice.send', { text: 'Ten minutes left', course: 'DSA' })).toEqual({ delivered: 2 });
    expect(ben.events).toContainEqual({ name: 'notice', data: { from: 'proc', text: 'Ten minutes left', at: clock } });
    expect(cat.events.filter((e) => e.name === 'notice')).toEqual([]);
    expect(await s.code(adm, 'notice.send', { text: 'hi', student: 'nobody' })).toBe('NOT_FOUND');
    const rows = (await auditRows()).filter((r) => r.action === 'notice.send');
    expect(rows.map((r) => [r.actor, r.target, r.detail])).toEqual([
      ['proc', 'ana', 'Eyes on your own screen'],
      ['proc', 'course:DSA', 'Ten minutes left'],
    ]);
  });

  test('notice to a course: an attempt past its deadline that the timer has not closed yet is not counted', async () => {
    const dan = await s.user('student', 'dan');
    const eve = await s.user('student', 'eve');
    const adm = await s.user('admin', 'proc');
    const late = await s.call(dan, 'exam.start', { course: 'PF' });
    clock = late.deadline - MIN;
    await s.call(eve, 'exam.start', { course: 'PF' });
    clock = late.deadline + 1; // the fake clock moves; dan's attempt is over though not yet closed
    expect(await s.call(adm, 'notice.send', { text: 'Pens down soon', course: 'PF' })).toEqual({ delivered: 1 });
    expect(eve.events.filter((e) => e.name === 'notice')).toHaveLength(1);
    expect(dan.events.filter((e) => e.name === 'notice')).toEqual([]);
  });

  test('attempts.list: open attempts are listed, filtered and paged newest first', async () => {
    const adm = await s.user('admin');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const stu = await s.user('student', `s${i}`);
      clock += 1_000;
      const a = await s.call(stu, 'exam.start', { course: i % 2 ? 'OOP' : 'DSA' });
      ids.push(a.attemptId);
      if (i === 0) await s.call(stu, 'exam.finish', { attemptId: a.attemptId });
    }
    const open = await s.call(adm, 'attempts.list', { state: 'open' });
    expect(open.attempts.map((x: AttemptSummary) => x.attemptId)).toEqual(ids.slice(1).reverse());
    expect(open.attempts[0]).toMatchObject({
      student: 's4',
      course: 'DSA',
      state: 'open',
      answered: 0,
      total: 10,
      proctored: true,
      review: { level: expect.any(String) },
    });
    const dsa = await s.call(adm, 'attempts.list', { course: 'DSA' });
    expect(dsa.attempts.map((x: AttemptSummary) => x.student)).toEqual(['s4', 's2', 's0']);
    expect(dsa.attempts[2]).toMatchObject({
      state: 'finished',
      score: expect.any(Number),
      finished: expect.any(Number),
    });
    expect(
      (await s.call(adm, 'attempts.list', { student: 's3' })).attempts.map((x: AttemptSummary) => x.attemptId),
    ).toEqual([ids[3]]);
    const p1 = await s.call(adm, 'attempts.list', { limit: 2 });
    const p2 = await s.call(adm, 'attempts.list', { limit: 2, cursor: p1.cursor });
    const p3 = await s.call(adm, 'attempts.list', { limit: 2, cursor: p2.cursor });
    expect([...p1.attempts, ...p2.attempts, ...p3.attempts].map((x: AttemptSummary) => x.attemptId)).toEqual(
      [...ids].reverse(),
    );
    expect(p3.cursor).toBeUndefined();
  });
});
