// When the proctor enrols and probes (pure, times injected).
import type { PresenceEvent } from '../protocol/messages.js';
import type { Crop } from './identity.js';
import { IdentitySampler } from './identity-sampler.js';

const sharp: Crop = {
  width: 64,
  height: 64,
  data: Uint8Array.from({ length: 64 * 64 }, (_, i) => ((i * 7919) >>> 3) & 0xff),
};
const flat: Crop = { width: 64, height: 64, data: new Uint8Array(64 * 64).fill(120) };
const ev = (at: number, state: PresenceEvent['state'] = 'present'): PresenceEvent => ({
  seq: 0,
  at,
  state,
  faces: state === 'present' ? 1 : 0,
  fps: 5,
});

test('enrols once from 5 good frames 400 ms apart; blurred or small faces do not count', () => {
  const s = new IdentitySampler();
  for (let t = 0; t < 3000; t += 200) {
    expect(s.wantsCrop(t)).toBe(true);
    s.offer(t, flat, 120); // not sharp
    s.offer(t + 1, sharp, 30); // too small
  }
  expect(s.takeEnrolment()).toBeNull();
  for (let t = 3000; t < 6000; t += 200) s.offer(t, sharp, 120);
  const e = s.takeEnrolment();
  expect(e).toHaveLength(5);
  expect(s.takeEnrolment()).toBeNull(); // once
});

test('no enrolment after the window, nor when disabled', () => {
  const late = new IdentitySampler();
  late.wantsCrop(0);
  for (let t = 61_000; t < 70_000; t += 500) late.offer(t, sharp, 120);
  expect(late.takeEnrolment()).toBeNull();
  const off = new IdentitySampler({ enrol: false });
  for (let t = 0; t < 5000; t += 500) off.offer(t, sharp, 120);
  expect(off.takeEnrolment()).toBeNull();
});

test('probes: the first present event, after an absence, then at most every 2 s, only from a fresh crop', () => {
  const s = new IdentitySampler({ enrol: false });
  expect(s.attach(ev(0)).probe).toBeUndefined(); // no crop yet
  s.offer(500, sharp, 120);
  expect(s.attach(ev(600)).probe).toBeInstanceOf(Uint8Array); // the start
  s.offer(1500, sharp, 120);
  expect(s.attach(ev(1600)).probe).toBeUndefined(); // too soon
  s.offer(3500, sharp, 120);
  expect(s.attach(ev(3600)).probe).toBeDefined(); // heartbeat 3 s later
  expect(s.attach(ev(4000, 'absent')).probe).toBeUndefined();
  s.offer(4200, sharp, 120);
  expect(s.attach(ev(4300)).probe).toBeDefined(); // back after an absence: at once
  expect(s.attach(ev(9000)).probe).toBeUndefined(); // the last crop is 4.7 s old: not the face in view
});
