import type { PresenceEvent } from '../protocol/messages.js';
import { DEFAULT_PRESENCE_CONFIG as CFG, PresenceMachine, type Observation } from './presence.js';

const FPS = 5;
const STEP = 1000 / FPS;

/** Feeds one observation per frame at 5 fps from `from` ms; faces per frame from `pattern`. */
function feed(m: PresenceMachine, from: number, pattern: (number | 'err')[]): PresenceEvent[] {
  const out: PresenceEvent[] = [];
  pattern.forEach((f, i) => {
    const at = from + i * STEP;
    const o: Observation = f === 'err' ? { at, error: 'read failed' } : { at, faces: f };
    out.push(...m.observe(o));
  });
  return out;
}
const repeat = <T>(v: T, seconds: number): T[] => Array(Math.round(seconds * FPS)).fill(v);
const changes = (events: PresenceEvent[]) => {
  const out: PresenceEvent[] = [];
  for (const e of events) if (out.length === 0 || out[out.length - 1].state !== e.state) out.push(e);
  return out;
};

describe('presence state machine', () => {
  test('a steady face is reported present at the first frame, then heartbeats carry faces and fps', () => {
    const m = new PresenceMachine();
    const ev = feed(m, 0, repeat(1, 12));
    expect(ev[0]).toMatchObject({ seq: 1, at: 0, state: 'present', faces: 1 });
    const beats = ev.slice(1);
    expect(beats.length).toBeGreaterThanOrEqual(3);
    for (const b of beats) expect(b).toMatchObject({ state: 'present', faces: 1, fps: 5 });
    const ats = ev.map((e) => e.at);
    for (let i = 1; i < ats.length; i++) expect(ats[i] - ats[i - 1]).toBeLessThanOrEqual(5000); // PROTOCOL.md 6
    expect(ev.map((e) => e.seq)).toEqual(ev.map((_, i) => i + 1));
  });

  test('flicker: a face lost for up to 1.8 s is not an absence', () => {
    const m = new PresenceMachine();
    const pattern = [...repeat(1, 3), 0, 0, ...repeat(1, 2), 0, ...repeat(1, 2), ...repeat(0, 1.8), ...repeat(1, 3)];
    const ev = feed(m, 0, pattern);
    expect(ev.every((e) => e.state === 'present')).toBe(true);
  });

  test('a real absence is reported within absentAfterMs, stamped with the moment the face went', () => {
    const m = new PresenceMachine();
    const leaveAt = 4000;
    const events: { e: PresenceEvent; publishedAt: number }[] = [];
    const pattern = [...repeat(1, 4), ...repeat(0, 6), ...repeat(1, 3)];
    pattern.forEach((f, i) =>
      m.observe({ at: i * STEP, faces: f }).forEach((e) => events.push({ e, publishedAt: i * STEP })),
    );
    const absent = events.find((x) => x.e.state === 'absent')!;
    expect(absent.e.at).toBe(leaveAt);
    expect(absent.publishedAt - leaveAt).toBeLessThanOrEqual(CFG.absentAfterMs);
    expect(absent.e.faces).toBe(0);
    const back = events.find((x) => x.e.state === 'present' && x.e.at > leaveAt)!;
    expect(back.e.at).toBe(10000); // the face came back at 10 s
    expect(back.publishedAt - 10000).toBeLessThanOrEqual(CFG.presentAfterMs);
  });

  test('several faces for a second are reported as multiple; a brief second face is not', () => {
    const m = new PresenceMachine();
    const brief = feed(m, 0, [...repeat(1, 2), 2, 2, ...repeat(1, 2)]);
    expect(brief.some((e) => e.state === 'multiple')).toBe(false);
    const ev = feed(m, 2000 + 6 * STEP, [...repeat(3, 2), 1, ...repeat(3, 1)]);
    const multi = ev.find((e) => e.state === 'multiple')!;
    expect(multi).toMatchObject({ at: 2000 + 6 * STEP, faces: 3 });
    expect(changes(ev).map((e) => e.state)).toEqual(['multiple']); // one frame with 1 face does not end it
  });

  test('camera errors: failed reads become camera-error, a recovered camera becomes present again', () => {
    const m = new PresenceMachine();
    const ev = feed(m, 0, [...repeat(1, 2), ...repeat<'err'>('err', 3), ...repeat(1, 2)]);
    expect(changes(ev).map((e) => [e.state, e.at])).toEqual([
      ['present', 0],
      ['camera-error', 2000],
      ['present', 5000],
    ]);
    expect(ev.find((e) => e.state === 'camera-error')!.faces).toBe(0);
    expect(m.lastErrorReason).toBe('read failed');
  });

  test('a camera that stops delivering frames becomes camera-error through tick()', () => {
    const m = new PresenceMachine();
    feed(m, 0, repeat(1, 1));
    expect(m.tick(2000)).toEqual([]);
    const ev = m.tick(1000 - STEP + CFG.cameraErrorAfterMs + 1);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ state: 'camera-error', at: 1000 - STEP, faces: 0 });
    // no frame ever: also an error
    const fresh = new PresenceMachine();
    expect(fresh.tick(0)).toEqual([]);
    expect(fresh.tick(CFG.cameraErrorAfterMs)[0]).toMatchObject({ state: 'camera-error', at: 0 });
  });

  test('heartbeats continue at most 5 s apart even when the observation keeps flipping', () => {
    const m = new PresenceMachine();
    const pattern: number[] = [];
    for (let i = 0; i < 10; i++) pattern.push(...repeat(1, 1), ...repeat(0, 1)); // 1 s on, 1 s off
    const ev = feed(m, 0, pattern);
    expect(ev.every((e) => e.state === 'present')).toBe(true);
    for (let i = 1; i < ev.length; i++) expect(ev[i].at - ev[i - 1].at).toBeLessThanOrEqual(CFG.heartbeatMaxMs);
    expect(ev[ev.length - 1].at).toBeGreaterThanOrEqual(20000 - STEP - CFG.heartbeatMaxMs);
  });

  test('event times never go backwards even when a change is confirmed after a heartbeat', () => {
    const m = new PresenceMachine({ heartbeatMs: 500, heartbeatMaxMs: 500 });
    const ev = feed(m, 0, [...repeat(1, 2), ...repeat(0, 3), ...repeat(1, 1)]);
    for (let i = 1; i < ev.length; i++) expect(ev[i].at).toBeGreaterThanOrEqual(ev[i - 1].at);
    expect(ev.some((e) => e.state === 'absent')).toBe(true);
  });
});
