// Component tests of the student screens over the fake API: course list, exam, summary, dashboard.
import { examExpired, faceTemplate, pastAttempt } from '../testing/contract-fixtures.js';
import { FakeApi, FakeConn } from '../testing/fake-api.js';
import { cleanup, fits80x24, KEY, renderApp, sleep } from '../testing/render-app.js';

afterEach(cleanup);
import type { ProctorStarter } from '../hooks/use-proctor.js';
import { makeTheme } from '../theme.js';
import { pageDown } from './Dashboard.js';
import { leaveListPrompt } from './CourseList.js';

const student = { user: { username: 'alice', role: 'student' as const } };

describe('CourseList', () => {
  test('shows each course with its exam settings; Enter then y opens the exam', async () => {
    const r = renderApp({ initial: { ...student, screen: { name: 'courses' } } });
    const f = await r.waitFor('DSA');
    expect(f).toMatch(/Course\s+Bank\s+Questions\s+Minutes\s+Proctored\s+Attempts/);
    expect(f).toMatch(/DSA\s+4\s+3\s+10\s+no\s+unlimited/);
    expect(f).toMatch(/OOP\s+3\s+3\s+10\s+yes/);
    expect(fits80x24(f)).toBe(true);
    await r.press(KEY.enter);
    expect(fits80x24(await r.waitFor('Start a new DSA attempt now? Its 10-minute clock starts at once. y / n'))).toBe(
      true,
    );
    await r.press('y');
    await r.waitFor('DSA · Question 1 of 3');
    r.unmount();
  });
  test('Enter pressed twice on the course list (e.g. after the summary) starts no attempt: it asks, n cancels', async () => {
    const api = new FakeApi();
    api.exams.set('DSA', { count: 3, minutes: 10, proctored: false, attempts: 2 });
    const r = renderApp({ api, initial: { ...student, screen: { name: 'courses' } } });
    await r.waitFor('Enter starts DSA');
    r.stdin.write(KEY.enter + KEY.enter); // one burst, as a double press reaches the client
    await r.press(KEY.enter);
    let f = await r.waitFor('Start DSA attempt 1 of 2 now? Its 10-minute clock starts at once. y / n');
    expect(api.calls.filter((c) => c.cmd === 'exam.start')).toHaveLength(0);
    await r.press('n');
    f = await r.waitFor('Enter starts DSA');
    expect(f).not.toContain('Start a new');
    expect(api.calls.filter((c) => c.cmd === 'exam.start')).toHaveLength(0);
    r.unmount();
  });
  test('back from an exam, the cursor is on the course just taken (from the summary, and by Esc)', async () => {
    const api = new FakeApi();
    api.exams.set('OOP', { count: 3, minutes: 10, proctored: false, attempts: 0 });
    const r = renderApp({ api, initial: { ...student, screen: { name: 'courses' } } });
    await r.waitFor('Enter starts DSA');
    await r.press(KEY.down);
    await r.waitFor('Enter starts OOP');
    await r.press(KEY.enter, 'y');
    await r.waitFor('OOP · Question 1 of 3');
    await r.press(KEY.ctrlF, 'y');
    await r.waitFor('OOP exam finished');
    await r.press(KEY.enter);
    await r.waitFor('Enter starts OOP');
    await r.press(KEY.enter, 'y');
    await r.waitFor('OOP · Question 1 of 3');
    await r.press(KEY.esc);
    await r.waitFor(/Leave|leave/);
    await r.press('y');
    const f = await r.waitFor(/Enter (starts|resumes your open) OOP/);
    expect(f).not.toContain('Enter starts DSA');
    r.unmount();
  });
  test('L or Ctrl+C with an attempt open asks first, saying it stays open with its clock running', async () => {
    const api = new FakeApi();
    await api.startExam('OOP');
    const r = renderApp({ api, initial: { ...student, screen: { name: 'courses' } } });
    await r.waitFor('Enter starts DSA');
    await r.press('L');
    let f = await r.waitFor(/Log out\? Your OOP exam stays open, clock running: \d+:\d\d left\. y \/ n/);
    expect(fits80x24(f)).toBe(true);
    await r.press('n');
    await r.waitFor('Enter starts DSA');
    expect(api.calls.some((c) => c.cmd === 'auth.logout')).toBe(false);
    await r.press('\u0003'); // Ctrl+C
    f = await r.waitFor('Quit PandaProctor? Your OOP exam stays open');
    expect(leaveListPrompt('quit', [{ course: 'OOP', left: 754_000 }])).toBe(
      'Quit PandaProctor? Your OOP exam stays open, clock running: 12:34 left. y / n',
    );
    expect(
      leaveListPrompt('logout', [
        { course: 'DSA', left: 60_000 },
        { course: 'Reading', left: 1_000 },
      ]),
    ).toBe('Log out? 2 exams stay open, clocks running (DSA 1:00, Reading 0:01 left). y / n');
    expect(r.quitted()).toBe(false);
    await r.press('n', 'L', 'y');
    await r.waitFor('Logged out.');
    expect(api.calls.some((c) => c.cmd === 'auth.logout')).toBe(true);
    r.unmount();
  });
  test('with no attempt open, L logs out at once', async () => {
    const api = new FakeApi();
    const r = renderApp({ api, initial: { ...student, screen: { name: 'courses' } } });
    await r.waitFor('Enter starts DSA');
    await r.press('L');
    await r.waitFor('Logged out.');
    r.unmount();
  });
  test('an open attempt resumes on Enter without a question', async () => {
    const api = new FakeApi();
    await api.startExam('OOP');
    const r = renderApp({ api, initial: { ...student, screen: { name: 'courses' } } });
    await r.waitFor('Enter starts DSA');
    await r.press(KEY.down);
    await r.waitFor('Enter resumes your open OOP attempt');
    await r.press(KEY.enter);
    await r.waitFor('OOP · Question 1 of');
    r.unmount();
  });
  test('a one-minute exam reads "1 minute"', async () => {
    const api = new FakeApi();
    api.exams.set('DSA', { count: 1, minutes: 1, proctored: false, attempts: 0 });
    const r = renderApp({ api, initial: { ...student, screen: { name: 'courses' } } });
    await r.waitFor('Enter starts DSA: 1 question in 1 minute.');
    r.unmount();
  });
});

describe('ExamScreen', () => {
  test('letter answers give instant feedback; arrows + Enter answer; progress and countdown show', async () => {
    const api = new FakeApi();
    api.deadline = Date.now() + 5 * 60_000;
    const r = renderApp({ api, initial: { ...student, screen: { name: 'exam', course: 'DSA' } } });
    let f = await r.waitFor(/⏱ [45]:\d\d left/);
    expect(f).toContain('Question 1 of 3');
    expect(f).toContain('DSA question 1');
    expect(fits80x24(f)).toBe(true);
    // DSA-1's answer is B (index 1).
    await r.press('b');
    f = await r.waitFor('Right!');
    expect(f).toContain('✓ B) second');
    expect(f).toContain('1/3 answered · 1 right');
    await r.press(KEY.enter);
    await r.waitFor('Question 2 of 3');
    // DSA-2's answer is C; pick A with arrows: nothing is highlighted until ↓ lands on A.
    await r.press(KEY.down, KEY.enter);
    f = await r.waitFor('Wrong');
    expect(f).toContain('✗ Wrong: you chose A, the correct answer is C.');
    expect(f).toContain('✗ A) first');
    expect(f).toContain('✓ C) third');
    // The first answer is final: another letter changes nothing.
    await r.press('c');
    await sleep(30);
    expect(api.calls.filter((c) => c.cmd === 'exam.answer')).toHaveLength(2);
    r.unmount();
  });

  test('Enter pressed twice on the feedback line moves on but never answers the next question unseen', async () => {
    const api = new FakeApi();
    const r = renderApp({ api, initial: { ...student, screen: { name: 'exam', course: 'DSA' } } });
    await r.waitFor('DSA question 1');
    expect(r.frame()).not.toContain('›  A)');
    // Enter on a question with nothing highlighted answers nothing and says how to answer.
    await r.press(KEY.enter);
    await r.waitFor('nothing answered: press a letter, or ↑/↓ to an option and then Enter');
    await r.press(KEY.down); // picking an option clears that line
    await r.waitFor((f) => f.includes('›  A)') && !f.includes('nothing answered'));
    await r.press('b');
    await r.waitFor('Right! Enter: next question.');
    r.stdin.write(KEY.enter + KEY.enter); // a double press in one read
    await r.press(KEY.enter); // and one more, after the next question is on screen
    const f = await r.waitFor('Question 2 of 3');
    await sleep(50);
    expect(api.calls.filter((c) => c.cmd === 'exam.answer').map((c) => c.args[2])).toEqual(['B']);
    expect(f).toContain('1/3 answered');
    r.unmount();
  });

  test('↓ ↓ ↓ Enter in one fast burst answers the option the cursor reached (C), not the one on screen', async () => {
    const api = new FakeApi();
    const r = renderApp({ api, initial: { ...student, screen: { name: 'exam', course: 'DSA' } } });
    await r.waitFor('DSA question 1');
    // Ink hands each key of the burst to the handler before the screen renders again.
    r.stdin.write(KEY.down + KEY.down + KEY.down + KEY.enter);
    await r.waitFor(/Wrong: you chose C|Right!/);
    expect(api.calls.filter((c) => c.cmd === 'exam.answer').map((c) => c.args[2])).toEqual(['C']);
    r.unmount();
  });
  test('an answer in flight shows as sending, also while reconnecting', async () => {
    const api = new FakeApi();
    api.holdAnswers = true;
    const conn = new FakeConn();
    const r = renderApp({ api, conn, initial: { ...student, screen: { name: 'exam', course: 'DSA' } } });
    await r.waitFor('Question 1 of 3');
    await r.press('a');
    await r.waitFor('Sending A…');
    conn.set({ status: 'reconnecting', lastError: 'connection closed' });
    let f = await r.waitFor('will be sent when the connection is back');
    expect(f).toContain('○ reconnecting');
    expect(f).toContain('No connection to the server, retrying: keep going, your answers are kept.');
    conn.set({ status: 'online' });
    api.release();
    f = await r.waitFor('Wrong');
    // Reconnecting re-reads the attempt by its id (exam.resume); it never starts one again.
    expect(api.calls.filter((c) => c.cmd === 'exam.start').length).toBe(1);
    expect(api.calls.filter((c) => c.cmd === 'exam.resume')).toEqual([{ cmd: 'exam.resume', args: ['att-DSA'] }]);
    r.unmount();
  });

  test('a server away for long: the line says for how long and to tell the invigilator; finishing waits, saying so', async () => {
    let now = 1_000_000;
    const api = new FakeApi();
    api.deadline = now + 10 * 60_000;
    const conn = new FakeConn();
    const r = renderApp({
      api,
      conn,
      now: () => now,
      initial: { ...student, screen: { name: 'exam', course: 'DSA' } },
    });
    await r.waitFor('Question 1 of 3');
    api.holdAnswers = true; // nothing reaches the server while it is away
    conn.set({ status: 'reconnecting', retries: 3, downSince: now, lastError: 'could not connect (ECONNREFUSED)' });
    await r.waitFor('keep going, your answers are kept');
    now += 45_000;
    conn.set({ retries: 9 });
    let f = await r.waitFor('No connection for 45 s, retrying; your answers are kept. Tell the invigilator.');
    expect(fits80x24(f)).toBe(true);
    expect(f).not.toContain('ECONNREFUSED');
    api.finish = () => new Promise(() => undefined); // the session holds it until the server is back
    await r.press(KEY.ctrlF, 'y');
    f = await r.waitFor('Finishing… waiting for the server: it finishes when it is back, nothing lost.');
    expect(fits80x24(f)).toBe(true);
    r.unmount();
  });

  test('the clock reaching 0:00 while the server is away says the server ends the exam, not this clock', async () => {
    let now = 1_000_000;
    const api = new FakeApi();
    api.deadline = now + 60_000;
    const conn = new FakeConn();
    const r = renderApp({
      api,
      conn,
      now: () => now,
      initial: { ...student, screen: { name: 'exam', course: 'DSA' } },
    });
    await r.waitFor('Question 1 of 3');
    conn.set({ status: 'reconnecting', retries: 3, downSince: now, lastError: 'connection lost' });
    now += 61_000;
    const f = await r.waitFor('The server, not this clock, ends the exam; time it was down is given back.', 5_000);
    expect(f).toContain('0:00 left');
    expect(fits80x24(f)).toBe(true);
    expect(api.calls.some((c) => c.cmd === 'exam.finish')).toBe(false);
    r.unmount();
  });

  test('away from the exam, a long outage names the cause in plain words and what to do', async () => {
    let now = 1_000_000;
    const conn = new FakeConn();
    const r = renderApp({ conn, now: () => now, initial: { ...student, screen: { name: 'courses' } } });
    await r.waitFor('Enter starts DSA');
    conn.set({
      status: 'reconnecting',
      retries: 2,
      downSince: now,
      lastError: 'could not connect to h:1 (ECONNREFUSED)',
    });
    await r.waitFor('No connection to the server, retrying (server not running).');
    now += 3 * 60_000;
    conn.set({ retries: 30 });
    const f = await r.waitFor('No connection for 3 min, retrying (server not running). Tell the invigilator.');
    expect(fits80x24(f)).toBe(true);
    r.unmount();
  });

  test("an invigilator's long notice is shown whole, wrapped, and the screen still fits 80x24", async () => {
    const conn = new FakeConn();
    const r = renderApp({ conn, initial: { ...student, screen: { name: 'exam', course: 'DSA' } } });
    await r.waitFor('Question 1 of 3');
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ') + ' THE-END';
    conn.emit('notice', { from: 'proc', text: words, at: Date.now() });
    const f = await r.waitFor('THE-END');
    expect(f.replace(/\s+/g, ' ')).toContain(words);
    expect(f).toContain('Ctrl+F finish'); // the hint line is still there
    expect(fits80x24(f)).toBe(true);
    r.unmount();
  });

  test('an answer refused because the question was answered elsewhere says so, and shows what counts', async () => {
    const api = new FakeApi();
    const r = renderApp({ api, initial: { ...student, screen: { name: 'exam', course: 'DSA' } } });
    await r.waitFor('Question 1 of 3');
    api.answered.set('DSA-1', 'C'); // the same student, logged in on another machine, answered C
    await r.press('b');
    const f = await r.waitFor('You already answered this question with C; the first answer is final');
    expect(f).toContain('✗ C) third');
    expect(f).toContain('1/3 answered');
    expect(fits80x24(f)).toBe(true);
    r.unmount();
  });

  test('back after a server restart that gave time back: the line says why the clock went up', async () => {
    const api = new FakeApi();
    const conn = new FakeConn();
    const r = renderApp({ api, conn, initial: { ...student, screen: { name: 'exam', course: 'DSA' } } });
    await r.waitFor('Question 1 of 3');
    conn.set({ status: 'reconnecting', retries: 2, downSince: Date.now(), lastError: 'connection lost' });
    await r.waitFor('○ reconnecting');
    api.attempt!.deadline += 38_000; // the restarted server moved the deadline by its downtime
    conn.set({ status: 'online', retries: 0, downSince: undefined });
    const f = await r.waitFor('✓ Back online: your exam ends 38 s later now; server downtime is given back.');
    expect(fits80x24(f)).toBe(true);
    r.unmount();
  });

  test('resuming an attempt shows earlier answers and opens on the first unanswered question', async () => {
    const api = new FakeApi();
    api.answered.set('DSA-1', 'B');
    const r = renderApp({ api, initial: { ...student, screen: { name: 'exam', course: 'DSA' } } });
    const f = await r.waitFor('Question 2 of 3');
    expect(f).toContain('1/3 answered · 1 right');
    await r.press(KEY.left);
    await r.waitFor('Right!');
    r.unmount();
  });

  test('Ctrl+F asks, then finishing shows the summary with its concepts; d goes to the dashboard', async () => {
    const api = new FakeApi();
    api.scores = [
      pastAttempt({
        attemptId: 'att-DSA',
        course: 'DSA',
        finishedAt: 1,
        score: 1,
        total: 3,
        percent: 33.3,
        concepts: [
          { concept: 'Graphs', correct: 0, total: 1 },
          { concept: 'Sorting', correct: 1, total: 2 },
        ],
      }),
    ];
    const r = renderApp({ api, initial: { ...student, screen: { name: 'exam', course: 'DSA' } } });
    await r.waitFor('Question 1 of 3');
    await r.press('b');
    await r.waitFor('Right!');
    await r.press(KEY.ctrlF);
    await r.waitFor('Finish the exam now? 2 unanswered questions will count as wrong');
    await r.press('n');
    await r.waitFor((f) => !f.includes('Finish the exam now'));
    await r.press(KEY.ctrlF, 'y');
    const f = await r.waitFor('By concept');
    expect(f).toContain('Score: 1 / 3  (33.3%)');
    expect(f).toMatch(/Sorting\s+1\/2 █{10}/);
    expect(fits80x24(f)).toBe(true);
    await r.press('d');
    await r.waitFor('Your progress');
    r.unmount();
  });

  test('the server expiring the attempt ends the exam with a note', async () => {
    const conn = new FakeConn();
    const r = renderApp({ conn, initial: { ...student, screen: { name: 'exam', course: 'DSA' } } });
    await r.waitFor('Question 1 of 3');
    conn.emit('exam.expired', examExpired({ attemptId: 'att-DSA' }));
    const f = await r.waitFor('Time ran out');
    expect(f).toContain('Score: 0 / 3');
    r.unmount();
  });

  test('a countdown reaching zero by the server clock finishes too', async () => {
    const api = new FakeApi();
    api.deadline = 1_000_000;
    // The local clock is 10 s behind the server: 995 s local + 10 s offset is past the deadline.
    const conn = new FakeConn();
    conn.state = { ...conn.state, clockOffsetMs: 10_000 };
    const r = renderApp({
      api,
      conn,
      now: () => 995_000,
      initial: { ...student, screen: { name: 'exam', course: 'DSA' } },
    });
    await r.waitFor('Time ran out');
    r.unmount();
  });

  test('the proctor line shows face seen / no face / several faces / camera off / unavailable', async () => {
    let push: (s: Parameters<Parameters<ProctorStarter>[0]['onStatus']>[0]) => void = () => undefined;
    let sent: unknown[] = [];
    let stopped = false;
    const proctor: ProctorStarter = ({ onStatus, send }) => {
      push = onStatus;
      void send([{ seq: 1, at: 0, state: 'present', faces: 1, fps: 5 }]).then((r) => (sent = [r]));
      return { stop: () => void (stopped = true) };
    };
    const api = new FakeApi();
    const r = renderApp({ api, proctor, initial: { ...student, screen: { name: 'exam', course: 'OOP' } } });
    await r.waitFor('Proctor: starting');
    push({ kind: 'present', faces: 1, fps: 5 });
    await r.waitFor('Proctor: ● face seen (5.0 fps)');
    push({ kind: 'absent', faces: 0, fps: 5 });
    await r.waitFor('no face — stay in front of the camera');
    push({ kind: 'multiple', faces: 2, fps: 5 });
    await r.waitFor('several faces (2)');
    push({ kind: 'camera-error', faces: 0, fps: 0 });
    await r.waitFor('camera off or failing');
    // The proctor's fix is for the machine's operator: the student is told what is missing and whom to ask.
    push({
      kind: 'unavailable',
      reason:
        'camera 0 not found: connect a webcam (check /dev/video0 and that you are in the video group) or use --source video:PATH',
    });
    await r.waitFor('Proctor unavailable: camera 0 not found — the exam goes on; tell the invigilator');
    expect(r.lastFrame()).not.toContain('--source');
    push({
      kind: 'unavailable',
      reason: 'cascade file not found: /x/face.xml: pass --cascade PATH or restore cascades/ from the repository',
    });
    await r.waitFor('Proctor unavailable: cascade file not found: /x/face.xml — the exam goes on');
    expect(api.presence).toHaveLength(1);
    expect(sent).toEqual([{ acked: 1 }]);
    r.unmount();
    expect(stopped).toBe(true);
  });

  test('face verification: used only when the server lists it; the student is told once what is stored and why', async () => {
    let identity: Parameters<ProctorStarter>[0]['identity'];
    let push: Parameters<ProctorStarter>[0]['onStatus'] = () => undefined;
    const proctor: ProctorStarter = (o) => {
      identity = o.identity;
      push = o.onStatus;
      return { stop: () => undefined };
    };
    const old = renderApp({ proctor, initial: { ...student, screen: { name: 'exam', course: 'OOP' } } });
    await old.waitFor('Proctor: starting');
    expect(identity).toBeUndefined(); // a server without 'identity' in welcome.features
    old.unmount();

    const conn = new FakeConn();
    conn.set({ features: ['identity'] });
    const api = new FakeApi();
    const r = renderApp({ api, conn, proctor, initial: { ...student, screen: { name: 'exam', course: 'OOP' } } });
    await r.waitFor('Proctor: starting');
    push({ kind: 'present', faces: 1, fps: 5 });
    await r.waitFor('Proctor: ● face seen');
    await identity!.enrol([faceTemplate(0), faceTemplate(1), faceTemplate(2)]);
    identity!.onEnrolled();
    const f = await r.waitFor('Face enrolled: the server keeps a face pattern');
    expect(f).toContain('never a photo');
    expect(fits80x24(f)).toBe(true);
    expect(api.calls.find((c) => c.cmd === 'identity.enrol')?.args[1]).toBe(3);
    r.unmount();
  });

  test('an unproctored exam says so and starts no proctor', async () => {
    let started = false;
    const r = renderApp({
      proctor: () => ((started = true), { stop: () => undefined }),
      initial: { ...student, screen: { name: 'exam', course: 'DSA' } },
    });
    await r.waitFor('Proctor: not required');
    expect(started).toBe(false);
    r.unmount();
  });
});

describe('Dashboard', () => {
  test('score history chart and per-course / per-concept breakdowns', async () => {
    const api = new FakeApi();
    api.scores = [
      pastAttempt({
        attemptId: 'a',
        course: 'DSA',
        finishedAt: 1,
        score: 1,
        total: 4,
        percent: 25,
        concepts: [
          { concept: 'Sorting', correct: 0, total: 2 },
          { concept: 'Graphs', correct: 1, total: 2 },
        ],
      }),
      pastAttempt({
        attemptId: 'b',
        course: 'DSA',
        finishedAt: 2,
        score: 3,
        total: 4,
        percent: 75,
        concepts: [
          { concept: 'Sorting', correct: 2, total: 2 },
          { concept: 'Graphs', correct: 1, total: 2 },
        ],
      }),
      pastAttempt({
        attemptId: 'c',
        course: 'OOP',
        finishedAt: 3,
        score: 3,
        total: 3,
        percent: 100,
        concepts: [{ concept: 'Classes', correct: 3, total: 3 }],
      }),
    ];
    const r = renderApp({ api, initial: { ...student, screen: { name: 'dashboard' } } });
    const f = await r.waitFor('Score history (3 finished attempts');
    expect(f).toContain('100%');
    expect(f).toMatch(/^\W*DSA +▂▆ +last {2}75% \(2\)/m);
    expect(fits80x24(f)).toBe(true);
    // Below the history: the trend chart (a page of its own), then the per-course table and the concepts.
    await r.press(KEY.pageDown);
    await r.waitFor(/Trend: OOP[^]* {2}0% ┤/);
    await r.press(KEY.pageDown);
    const t = await r.waitFor(/DSA\s+2\s+75%\s+75%\s+50%/);
    expect(fits80x24(t)).toBe(true);
    await r.press(KEY.pageDown);
    const g = await r.waitFor('Concepts (weakest first)');
    expect(g).toMatch(/Graphs\s+2\/4\s+50%/);
    r.unmount();
  });
  test("the trend line chart is of the selected attempt's course and marks it", async () => {
    const api = new FakeApi();
    api.scores = [
      pastAttempt({ attemptId: 'a', course: 'DSA', finishedAt: 1, score: 1, total: 4, percent: 30 }),
      pastAttempt({ attemptId: 'b', course: 'DSA', finishedAt: 2, score: 2, total: 5, percent: 40 }),
      pastAttempt({ attemptId: 'c', course: 'OOP', finishedAt: 3, score: 3, total: 3, percent: 100 }),
    ];
    const r = renderApp({ api, initial: { ...student, screen: { name: 'dashboard' } } });
    // The newest attempt (OOP) is selected first: its course's one attempt, on the 100 % row.
    const f = await r.waitFor('Trend: OOP (1 attempt,');
    expect(f).toMatch(/100% ┤─+/);
    expect(f).not.toMatch(/ 30% ┤─/);
    expect(fits80x24(f)).toBe(true);
    // PgDn brings the whole chart into view (from its heading), down to the mark of the selection.
    await r.press(KEY.pageDown);
    const whole = await r.waitFor(/^\W*Trend: OOP[^]* {2}0% ┤\n\W* {6}\^{40,}/m);
    expect(fits80x24(whole)).toBe(true);
    // ↓ selects DSA's second attempt: DSA's trend, 30 % then 40 %, the mark under the second half.
    await r.press(KEY.down);
    const g = await r.waitFor(/Trend: DSA \(2 attempts,[^]* {2}0% ┤\n\W* +\^+/);
    expect(g).toMatch(/ 30% ┤─+╯/);
    expect(g).toMatch(/ 40% ┤ +╭─+/);
    const markAt = (frame: string) => /^(\W? *)\^+/m.exec(frame)?.[1].length;
    const second = markAt(g);
    await r.press(KEY.down);
    const h = await r.waitFor((frame: string) => frame.includes('Trend: DSA') && markAt(frame) !== second);
    expect(markAt(h)).toBeLessThan(second!);
    expect(fits80x24(h)).toBe(true);
    r.unmount();
  });
  test('PgDn starts a page at a chart the page cuts off, then at the heading right after it', () => {
    const line = (text: string, bold = false) => ({ text, bold });
    // History (0-5), the trend heading, 11 chart rows and its mark (6-18), a blank, the tables (20-).
    const lines = [
      line('Score history', true),
      ...['DSA', 'OOP', 'PF', 'legend'].map((t) => line(t)),
      line(''),
      line('Trend: PF', true),
      ...Array.from({ length: 12 }, (_, i) => line(`row ${i}`)),
      line(''),
      line('Course', true),
      ...['DSA', 'OOP', 'PF', ''].map((t) => line(t)),
      line('Concepts', true),
      ...Array.from({ length: 20 }, (_, i) => line(`c${i}`)),
    ];
    expect(pageDown(lines, 0, 13)).toBe(6); // the trend is cut at row 13: it starts the next page
    expect(pageDown(lines, 6, 13)).toBe(20); // only a blank line between the page and the tables
    expect(pageDown(lines, 20, 13)).toBe(25); // Concepts, in the lower half
    expect(pageDown(lines, 25, 13)).toBe(lines.length - 13); // never past the end
  });
  test('no attempts yet says what to do', async () => {
    const r = renderApp({ initial: { ...student, screen: { name: 'dashboard' } } });
    const f = await r.waitFor('No finished attempts yet: take an exam');
    // The hint does not offer ↑/↓ and Enter review when there is nothing to review.
    expect(f).toContain('Esc back · r reload · ? keys');
    expect(f).not.toContain('Enter review');
    r.unmount();
  });
});

test('NO_COLOR theme has no colours', () => {
  expect(makeTheme(false)).toEqual({ dim: false });
  expect(makeTheme(true).bad).toBe('red');
});
