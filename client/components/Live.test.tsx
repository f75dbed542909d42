// The Live screen over the fake API (PROTOCOL.md 8 LiveAttempt shapes): attention order, symbols,
// the bell and its mute key, the live timeline, and end / notice behind a confirmation.
import { FakeApi, FakeConn } from '../testing/fake-api.js';
import { cleanup, fits80x24, KEY, renderApp, sleep } from '../testing/render-app.js';

afterEach(cleanup);
const NOW = Date.now();
const live = (student: string, presence: string, extra: object = {}) => ({
  attemptId: `att-${student}`,
  student,
  course: 'DSA',
  state: 'open',
  started: NOW - 60_000,
  deadline: NOW + 10 * 60_000,
  answered: 2,
  total: 10,
  proctored: true,
  review: { level: 'low', points: 0 },
  connected: true,
  presence: { state: presence, since: NOW - 30_000 },
  alerts: [],
  ...extra,
});
const setup = (rows: object[], width = 80) => {
  const api = new FakeApi();
  api.liveAttempts = rows as never;
  const conn = new FakeConn();
  const rings: number[] = [];
  const r = renderApp({
    api,
    conn,
    width,
    bell: () => rings.push(1),
    initial: { user: { username: 'root', role: 'admin' }, screen: { name: 'live' }, stack: [{ name: 'admin' }] },
  });
  return { api, conn, rings, r };
};

test('rows are sorted by what needs attention, with symbols that read without colour', async () => {
  const { r } = setup([
    live('zed', 'present', { deadline: NOW + 60_000 }), // time nearly up
    live('amy', 'present'),
    live('bob', 'silent'),
    live('cat', 'absent'),
    live('dan', 'present', { connected: false }),
    live('eve', 'multiple'),
  ]);
  const f = await r.waitFor('6 open');
  const order = ['cat', 'eve', 'bob', 'dan', 'zed', 'amy'].map((n) => f.indexOf(`${n} `));
  expect(order).toEqual([...order].sort((a, b) => a - b));
  expect(f).toMatch(/cat\s+DSA\s+✗ absent\s+0:30\s+on\s+2\/10\s+10:00/);
  expect(f).toMatch(/eve\s+DSA\s+‼ faces/);
  expect(f).toMatch(/bob\s+DSA\s+\? silent/);
  expect(f).toMatch(/dan\s+DSA\s+● present\s+0:30\s+OFF/);
  expect(f).toContain('5 need attention');
  expect(fits80x24(f)).toBe(true);
});

test('a new alert marks the row and rings once; m mutes the bell', async () => {
  const { conn, rings, r } = setup([live('amy', 'present')]);
  await r.waitFor('1 open');
  const t1 = Date.now();
  conn.emit('monitor', { attempts: [live('amy', 'absent', { alerts: [{ kind: 'absent', at: t1 }] })] });
  let f = await r.waitFor('✗ absent');
  expect(f).toMatch(/!amy/);
  expect(rings).toHaveLength(1);
  conn.emit('monitor', { attempts: [live('amy', 'absent', { alerts: [{ kind: 'absent', at: t1 }], answered: 3 })] });
  await r.waitFor('3/10');
  expect(rings).toHaveLength(1); // the same alert again: no second ring
  await r.press('m');
  f = await r.waitFor('bell muted');
  conn.emit('monitor', {
    attempts: [
      live('amy', 'multiple', {
        alerts: [
          { kind: 'absent', at: 1 },
          { kind: 'multiple', at: Date.now() + 5 },
        ],
      }),
    ],
  });
  await r.waitFor('‼ faces');
  expect(rings).toHaveLength(1);
  // A finished attempt leaves the list.
  conn.emit('monitor', { attempts: [live('amy', 'present', { state: 'finished' })] });
  await r.waitFor('No exam in progress');
});

test('Enter opens the live timeline; it reloads on an update about that attempt', async () => {
  const { api, conn, r } = setup([live('amy', 'present')]);
  api.timelineData = {
    attempt: { attemptId: 'att-amy', username: 'amy', course: 'DSA', score: 0, total: 10 },
    answers: [],
    presence: [],
    integrity: {},
  };
  await r.waitFor('1 open');
  await r.press(KEY.enter);
  await r.waitFor('Attempt att-amy · live');
  const loads = () => api.calls.filter((c) => c.cmd === 'attempts.timeline').length;
  expect(loads()).toBe(1);
  conn.emit('monitor', { attempts: [live('other', 'present')] });
  await sleep(50);
  expect(loads()).toBe(1);
  conn.emit('monitor', { attempts: [live('amy', 'absent')] });
  for (let i = 0; i < 100 && loads() < 2; i++) await sleep(20);
  expect(loads()).toBe(2);
  await r.press(KEY.esc);
  await r.waitFor('Live invigilation');
});

test('end and notice ask first; n cancels; a blank reason is refused', async () => {
  const { api, r } = setup([live('amy', 'present')]);
  await r.waitFor('1 open');
  await r.press('e');
  await r.waitFor('End the attempt of amy');
  await r.press(KEY.enter);
  await r.waitFor('Reason: type it first');
  await r.type('copying');
  await r.press(KEY.enter);
  await r.waitFor("End amy's DSA exam now and grade it as it stands? y/n");
  await r.press('n');
  await r.waitFor('1 open');
  expect(api.calls.some((c) => c.cmd === 'attempts.end')).toBe(false);
  await r.press('e');
  await r.type('copying');
  await r.press(KEY.enter, 'y');
  await r.waitFor("Ended amy's attempt: 1/3");
  expect(api.calls.find((c) => c.cmd === 'attempts.end')!.args).toEqual(['att-amy', 'copying']);
  await r.press('N');
  await r.waitFor('Notice to all of DSA');
  await r.type('Ten minutes left');
  await r.press(KEY.enter, 'y');
  await r.waitFor('Notice shown on 1 student screen(s).');
  expect(api.calls.find((c) => c.cmd === 'notice.send')!.args).toEqual(['Ten minutes left', { course: 'DSA' }]);
});

test('a wider terminal gives the names and alerts more room', async () => {
  const { r } = setup([live('a-very-long-student-name', 'absent', { alerts: [{ kind: 'absent', at: NOW }] })], 120);
  const f = await r.waitFor('1 open');
  expect(f).toContain('a-very-long-student-name');
  expect(f.split('\n').every((l) => l.length <= 120)).toBe(true);
});

test("a 1.0 server (no 'monitor' in welcome.features) is told apart, without a subscribe", async () => {
  const api = new FakeApi();
  const conn = new FakeConn();
  conn.state = { ...conn.state, features: [] };
  const r = renderApp({
    api,
    conn,
    initial: { user: { username: 'root', role: 'admin' }, screen: { name: 'live' }, stack: [{ name: 'admin' }] },
  });
  await r.waitFor('does not offer live invigilation');
  expect(api.calls.some((c) => c.cmd === 'monitor.subscribe')).toBe(false);
});

test('extra time: minutes and reason typed as one fast burst (Backspaces, Tab-free Enter) lose no key', async () => {
  const { api, r } = setup([live('amy', 'present')]);
  await r.waitFor('1 open');
  await r.press('+');
  await r.waitFor('Extra time for amy');
  // One write is one Ink input event: "59" -> "5" -> "15", Enter, then the reason with a typo fixed.
  r.stdin.write('59' + KEY.backspace + '\x1b[D1');
  await r.waitFor(/Minutes\s+15/);
  r.stdin.write(KEY.enter);
  await r.waitFor(/› Reason/);
  r.stdin.write('fire alrm' + KEY.backspace.repeat(2) + 'arm' + KEY.enter);
  await r.waitFor('Give amy 15 more minute(s)? y/n');
  await r.press('y');
  await r.waitFor('amy has 15 more minute(s)');
  expect(api.calls.find((c) => c.cmd === 'attempts.extend')!.args).toEqual(['att-amy', 15, 'fire alarm']);
});

test('↓ ↓ Enter in one burst opens the timeline of the row the cursor reached', async () => {
  const { r } = setup([live('amy', 'absent'), live('bob', 'multiple'), live('cy', 'present')]);
  await r.waitFor('3 open');
  r.stdin.write(KEY.down + KEY.down + KEY.enter);
  await r.waitFor('Attempt att-cy');
});
