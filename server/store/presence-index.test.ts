// The presence checkpoint: a restart that reads it (and only the rows after it) knows exactly what a
// restart that replays all of presence.csv knows; a checkpoint that does not match the file is
// ignored with a warning.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir, testServer, type TestServer } from '../testing/harness.js';

const T0 = 1_800_000_000_000;

function presenceState(s: TestServer) {
  return [...s.app.db.model.attempts.values()].map((a) => ({
    id: a.attemptId,
    count: a.presenceCount,
    maxSeq: a.maxSeq,
    clock: a.clock,
    disk: a.presenceDisk,
    segments: a.segments,
    recent: a.finish ? [] : a.presence,
  }));
}

async function record(dir: string, opts: { checkpointEveryBytes?: number; close: boolean }) {
  let now = T0;
  const s = await testServer(dir, { now: () => now, checkpointEveryBytes: opts.checkpointEveryBytes });
  const students = [await s.user('student', 'ann'), await s.user('student', 'bob')];
  const attempts = [];
  for (const st of students) attempts.push((await s.call(st, 'exam.start', { course: 'DSA' })).attemptId);
  let seq = 0;
  for (let i = 0; i < 150; i++) {
    now += 2_500;
    const k = i % 2;
    if (k === 0 && i > 100) continue; // ann has finished
    const state = ['present', 'absent', 'multiple'][Math.floor(i / 20) % 3];
    await s.call(students[k], 'presence.report', {
      attemptId: attempts[k],
      events: [{ seq: seq++, at: now - 100, state, faces: 1, fps: 9 }],
    });
    if (i === 100) await s.call(students[0], 'exam.finish', { attemptId: attempts[0] });
  }
  const state = presenceState(s);
  const timeline = await s.call(await s.user('admin', 'root'), 'attempts.timeline', { attemptId: attempts[1] });
  if (opts.close) await s.close();
  else await s.app.db.flush();
  return { state, timeline, attempts, now, s };
}

test('a restart from the checkpoint equals a full replay, and reads only rows after it', async () => {
  const t = await tempDir();
  try {
    const { state, now } = await record(t.dir, { close: true });
    const index = await readFile(join(t.dir, 'presence-index.csv'), 'utf8');
    expect(index.trimEnd().split('\n').pop()).toMatch(/^covered,,\d+,\d+,/);
    const warnings: string[] = [];
    let s = await testServer(t.dir, { now: () => now, warn: (w) => warnings.push(w) });
    expect(presenceState(s)).toEqual(state);
    await s.close();
    // Without the checkpoint: the same, from all of presence.csv.
    await rm(join(t.dir, 'presence-index.csv'));
    s = await testServer(t.dir, { now: () => now });
    expect(presenceState(s)).toEqual(state);
    await s.close();
    expect(warnings).toEqual([]);
  } finally {
    await t.cleanup();
  }
}, 60_000);

test('after a crash, the rows after the last checkpoint are replayed on top of it', async () => {
  const t = await tempDir();
  try {
    const { state, now, s: crashed } = await record(t.dir, { checkpointEveryBytes: 2_000, close: false });
    const index = await readFile(join(t.dir, 'presence-index.csv'), 'utf8');
    const covered = Number(index.trimEnd().split('\n').pop()!.split(',')[2]);
    const size = (await readFile(join(t.dir, 'presence.csv'))).length;
    expect(covered).toBeGreaterThan(0);
    expect(covered).toBeLessThan(size);
    const s = await testServer(t.dir, { now: () => now });
    expect(presenceState(s)).toEqual(state);
    await s.close();
    await crashed.close().catch(() => {});
  } finally {
    await t.cleanup();
  }
}, 60_000);

test('a checkpoint that does not match presence.csv is ignored with a warning', async () => {
  const t = await tempDir();
  try {
    const { state, now } = await record(t.dir, { close: true });
    // presence.csv edited or restored from another copy: same size, different bytes before the checkpoint's end.
    const path = join(t.dir, 'presence.csv');
    const text = await readFile(path, 'utf8');
    const i = text.lastIndexOf(',9\r\n');
    await writeFile(path, text.slice(0, i) + ',8\r\n' + text.slice(i + 4));
    const warnings: string[] = [];
    const s = await testServer(t.dir, { now: () => now, warn: (w) => warnings.push(w) });
    expect(warnings).toEqual([expect.stringMatching(/^presence-index\.csv does not match presence\.csv/)]);
    expect(presenceState(s).length).toBe(state.length);
    await s.close();
  } finally {
    await t.cleanup();
  }
}, 60_000);
