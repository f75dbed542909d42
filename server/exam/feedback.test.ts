// PROTOCOL.md 8 `feedback`: each setting, the answer-leak scan over a whole exam run (every student
// command, including exam.resume and attempts.review), and what review shows afterwards.
import type { AnsweredItem, CourseInfo, Feedback, ReviewQuestion } from '../../protocol/messages.js';
import { serverPerTest, testServer, type TestServer, withTestServer } from '../testing/harness.js';
import { answersIn } from '../testing/leaks.js';

describe.each(['immediate', 'after-finish', 'never'] as Feedback[])('feedback %s', (feedback) => {
  let s: TestServer;
  serverPerTest({}, async (server) => {
    s = server;
    const adm = await s.user('admin');
    await s.call(adm, 'exams.configure', {
      course: 'DSA',
      count: 5,
      minutes: 10,
      proctored: false,
      attempts: 0,
      feedback,
    });
  });

  test('no response before the finish says more than the setting allows; review shows exactly what it allows', async () => {
    const stu = await s.user('student');
    const adm = await s.user('admin');
    const hidden = feedback !== 'immediate';
    const seen: { cmd: string; data: unknown }[] = [];
    const call = async (cmd: string, args: Record<string, unknown> = {}) => {
      const data = await s.call(stu, cmd, args);
      seen.push({ cmd, data });
      return data;
    };
    const courses = await call('courses.list');
    expect(courses.find((c: CourseInfo) => c.course === 'DSA').exam.feedback).toBe(feedback);
    const a = await call('exam.start', { course: 'DSA' });
    for (const q of a.questions.slice(0, 3)) {
      const r = await call('exam.answer', { attemptId: a.attemptId, questionId: q.id, choice: 'A' });
      if (hidden) expect(r).toEqual({ choice: 'A' });
      else expect(Object.keys(r).sort()).toEqual(['answer', 'correct']);
      await call('exam.answer', { attemptId: a.attemptId, questionId: q.id, choice: 'A' }); // a repeat after a reconnect
      await call('exam.start', { course: 'DSA' });
      await call('exam.resume', { attemptId: a.attemptId });
      await call('scores.mine');
      await call('courses.list');
    }
    expect(await s.code(stu, 'attempts.review', { attemptId: a.attemptId })).toBe('FORBIDDEN'); // still open
    const resumed = await call('exam.resume', { attemptId: a.attemptId });
    expect(resumed.state).toBe('open');
    expect(resumed.attempt.answered.map((x: AnsweredItem) => x.choice)).toEqual(['A', 'A', 'A']);
    // The scan: with a hidden setting nothing before the finish carries a key or right/wrong.
    const leaks = seen.flatMap(({ cmd, data }) =>
      answersIn(data, '$', { correct: true }).map((l) => `${cmd} ${l.path}`),
    );
    if (hidden) expect(leaks).toEqual([]);
    else expect(leaks.length).toBeGreaterThan(0);

    const result = await s.call(stu, 'exam.finish', { attemptId: a.attemptId });
    expect(result.total).toBe(5);
    const ended = await s.call(stu, 'exam.resume', { attemptId: a.attemptId });
    expect(ended).toMatchObject({ state: 'finished', result });
    expect(ended.answered).toHaveLength(3);

    const review = await s.call(stu, 'attempts.review', { attemptId: a.attemptId });
    expect(review.feedback).toBe(feedback);
    expect(review.attempt).toMatchObject({
      attemptId: a.attemptId,
      state: 'finished',
      answered: 3,
      total: 5,
      score: result.score,
    });
    expect(review.questions).toHaveLength(5);
    expect(review.questions.map((q: ReviewQuestion) => q.choice ?? null)).toEqual(['A', 'A', 'A', null, null]);
    for (const q of review.questions) expect(q.concept).toEqual(expect.any(String));
    if (feedback === 'never') {
      expect(answersIn(review, '$', { correct: true })).toEqual([]);
      expect(answersIn(ended, '$', { correct: true })).toEqual([]);
    } else {
      for (const q of review.questions) expect(q.answer).toMatch(/^[A-H]$/);
      expect(review.questions.slice(0, 3).every((q: ReviewQuestion) => q.correct === (q.answer === 'A'))).toBe(true);
      expect(ended.answered.every((x: AnsweredItem) => typeof x.correct === 'boolean')).toBe(true);
    }
    // Admins review any attempt in full, whatever the setting.
    const full = await s.call(adm, 'attempts.review', { attemptId: a.attemptId });
    expect(full.questions.every((q: ReviewQuestion) => /^[A-H]$/.test(q.answer ?? ''))).toBe(true);
    expect(full.attempt.student).toBe(review.attempt.student);
  });
});

test("a student cannot review or resume another student's attempt; configure without feedback keeps it", async () => {
  await withTestServer({}, async (s, dir) => {
    const adm = await s.user('admin');
    await s.call(adm, 'exams.configure', {
      course: 'PF',
      count: 2,
      minutes: 5,
      proctored: false,
      attempts: 1,
      feedback: 'never',
    });
    await s.call(adm, 'exams.configure', { course: 'PF', count: 3, minutes: 5, proctored: false, attempts: 1 }); // a 1.0 admin client
    expect((await s.call(adm, 'courses.list')).find((c: CourseInfo) => c.course === 'PF').exam).toEqual({
      count: 3,
      minutes: 5,
      proctored: false,
      attempts: 1,
      feedback: 'never',
    });
    const one = await s.user('student');
    const two = await s.user('student');
    const a = await s.call(one, 'exam.start', { course: 'PF' });
    await s.call(one, 'exam.finish', { attemptId: a.attemptId });
    expect(await s.code(two, 'attempts.review', { attemptId: a.attemptId })).toBe('NOT_FOUND');
    expect(await s.code(two, 'exam.resume', { attemptId: a.attemptId })).toBe('NOT_FOUND');
    expect(await s.code(adm, 'attempts.review', { attemptId: 'nope' })).toBe('NOT_FOUND');
    // courses.list tells the student the attempts used and left.
    const mine = (await s.call(one, 'courses.list')).find((c: CourseInfo) => c.course === 'PF').mine;
    expect(mine).toEqual({ used: 1, left: 0 });
    // exams.csv keeps the setting across a restart (its Feedback column).
    const again = await testServer(dir);
    const adm2 = await again.user('admin', 'adm-restart');
    expect((await again.call(adm2, 'courses.list')).find((c: CourseInfo) => c.course === 'PF').exam.feedback).toBe(
      'never',
    );
    await again.close();
    const b = await s.call(two, 'exam.start', { course: 'PF' });
    expect((await s.call(two, 'courses.list')).find((c: CourseInfo) => c.course === 'PF').mine).toEqual({
      used: 1,
      left: 0,
      open: { attemptId: b.attemptId, deadline: b.deadline },
    });
  });
});
