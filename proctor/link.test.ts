import { join } from 'node:path';
import type { PresenceEvent } from '../protocol/messages.js';
import { LineSplitter, parseEnrolLine, parseEventLine, startProctorLink, type LinkStatus } from './link.js';
import { opencvOrSkip, REPO } from './testing/opencv-gate.js';

async function until(cond: () => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A stand-in proctor: node -e SCRIPT (the link appends `proctor --source ...`, which it ignores). */
const fake = (script: string) => ({ file: process.execPath, args: ['-e', script], cwd: REPO });

describe('proctor link: parsing', () => {
  const line = '{"seq":3,"at":1200,"state":"absent","faces":0,"fps":5}';
  test('parses a PresenceEvent line and rejects anything else', () => {
    expect(parseEventLine(line)).toEqual({ seq: 3, at: 1200, state: 'absent', faces: 0, fps: 5 });
    expect(parseEventLine('{"seq":3,"at":1200,"state":"asleep","faces":0,"fps":5}')).toBeNull();
    expect(parseEventLine('{"seq":-1,"at":1200,"state":"absent","faces":0,"fps":5}')).toBeNull();
    expect(parseEventLine('[WARN] something from OpenCV')).toBeNull();
    expect(parseEventLine('')).toBeNull();
  });
  test('splits lines the same at every chunk boundary', () => {
    const text = `${line}\n${line.replace('3', '4')}\r\npartial`;
    for (let i = 0; i <= text.length; i++) {
      const s = new LineSplitter();
      const out = [...s.push(text.slice(0, i)), ...s.push(text.slice(i))];
      expect(out.map(parseEventLine).map((e) => e?.seq)).toEqual([3, 4]);
    }
  });
  test('drops an over-long line without buffering it', () => {
    const s = new LineSplitter();
    expect(s.push('x'.repeat(10_000))).toEqual([]);
    expect(s.push(`yyy\n${line}\n`)).toEqual([line]);
  });
});

describe('proctor link: supervision (stand-in child)', () => {
  test('forwards events, reports stopped on each death and restarts with backoff', async () => {
    const events: PresenceEvent[] = [];
    const statuses: LinkStatus[] = [];
    const link = startProctorLink({
      source: 'camera:0',
      command: fake(
        `console.log(JSON.stringify({seq:1,at:Date.now(),state:'present',faces:1,fps:5})); process.exit(1)`,
      ),
      backoffMs: 50,
      maxBackoffMs: 200,
      onEvent: (e) => events.push(e),
      onStatus: (s) => statuses.push(s),
    });
    await until(() => link.starts >= 4);
    await link.stop();
    const states = events.map((e) => e.state);
    expect(states.filter((s) => s === 'present').length).toBeGreaterThanOrEqual(3);
    expect(states.filter((s) => s === 'stopped').length).toBeGreaterThanOrEqual(3);
    expect(states[1]).toBe('stopped');
    const delays = statuses.flatMap((s) => (s.kind === 'restarting' ? [s.inMs] : []));
    expect(delays.slice(0, 3)).toEqual([50, 100, 200]); // doubling, capped at maxBackoffMs
    expect(statuses.find((s) => s.kind === 'restarting')).toMatchObject({ reason: expect.stringContaining('exit 1') });
  });

  test('stop() ends a running child and reports stopped, with no restart', async () => {
    const events: PresenceEvent[] = [];
    const link = startProctorLink({
      source: 'camera:0',
      command: fake(
        `setInterval(() => console.log(JSON.stringify({seq:1,at:Date.now(),state:'present',faces:1,fps:5})), 20)`,
      ),
      onEvent: (e) => events.push(e),
    });
    await until(() => events.length >= 2);
    await link.stop();
    expect(events[events.length - 1].state).toBe('stopped');
    const n = events.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(events.length).toBe(n);
    expect(link.starts).toBe(1);
  });

  test('exit 3 is "unavailable" with the proctor\'s one-line reason, and no restart', async () => {
    let reason = '';
    const events: PresenceEvent[] = [];
    const link = startProctorLink({
      source: 'camera:0',
      backoffMs: 10,
      command: fake(
        `process.stderr.write('noise\\nproctor unavailable: camera 0 not found: connect a webcam\\n'); process.exit(3)`,
      ),
      onEvent: (e) => events.push(e),
      onUnavailable: (r) => (reason = r),
    });
    await until(() => reason !== '');
    await new Promise((r) => setTimeout(r, 100));
    expect(reason).toBe('camera 0 not found: connect a webcam');
    expect(link.starts).toBe(1);
    expect(events.map((e) => e.state)).toEqual(['stopped']); // recorded on the attempt
    await link.stop();
  });
});

describe('proctor link: real `pandaproctor proctor` child', () => {
  const cv = opencvOrSkip('link with the real proctor');

  test('a missing video is reported unavailable with the fix, in one line', async () => {
    let reason = '';
    const link = startProctorLink({
      source: 'video:/nonexistent/exam.avi',
      restart: 'never',
      onEvent: () => undefined,
      onUnavailable: (r) => (reason = r),
    });
    await until(() => reason !== '');
    await link.stop();
    // Without the binding the first thing missing is the binding itself; either way one line + fix.
    if (cv.available) expect(reason).toMatch(/video file not found: \/nonexistent\/exam.avi: pass --source video:PATH/);
    else expect(reason).toMatch(/OpenCV binding not installed.*npm install @u4\/opencv4nodejs/);
    expect(reason).not.toContain('\n');
  });

  cv.test('runs the proctor over the fixture images and ends with stopped', async () => {
    const events: PresenceEvent[] = [];
    let done = false;
    const link = startProctorLink({
      source: `images:${join(REPO, 'proctor', 'fixtures', 'images')}`,
      fps: 1,
      restart: 'never',
      onEvent: (e) => events.push(e),
      onStatus: (s) => (done ||= s.kind === 'stopped'),
    });
    await until(() => done, 40_000);
    await link.stop();
    const states = events.map((e) => e.state);
    expect(states).toContain('present');
    expect(states).toContain('absent');
    expect(states).toContain('multiple');
    expect(states[states.length - 1]).toBe('stopped');
    // --start-ms: media time 0 is the moment the link started the child
    expect(events[0].at).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe('identity lines (PROTOCOL.md 8)', () => {
  test('a probe in base64 becomes bytes; a malformed probe is dropped, the event kept; the enrol line parses', () => {
    const bytes = Uint8Array.from([1, 2, 3, 250]);
    const b64 = Buffer.from(bytes).toString('base64');
    const e = parseEventLine(JSON.stringify({ seq: 1, at: 5, state: 'present', faces: 1, fps: 5, probe: b64 }));
    expect(e?.probe && [...e.probe]).toEqual([...bytes]);
    const bad = parseEventLine(JSON.stringify({ seq: 1, at: 5, state: 'present', faces: 1, fps: 5, probe: 42 }));
    expect(bad).toEqual({ seq: 1, at: 5, state: 'present', faces: 1, fps: 5 });
    expect(parseEnrolLine(JSON.stringify({ enrol: [b64, b64] }))?.map((t) => [...t])).toEqual([[...bytes], [...bytes]]);
    expect(parseEnrolLine(JSON.stringify({ enrol: [b64, 7] }))).toBeNull();
    expect(parseEnrolLine('{"enrol":')).toBeNull();
  });
});
