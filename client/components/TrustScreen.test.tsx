import React from 'react';
import { render, cleanup } from 'ink-testing-library';
import { ProtocolError } from '../../protocol/errors.js';
import { TrustScreen } from './TrustScreen.js';
import { fits80x24, KEY, sleep } from '../testing/render-app.js';

afterEach(cleanup);
const FP = '0123456789abcdef'.repeat(4);

async function until(frame: () => string | undefined, text: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const f = frame() ?? '';
    if (f.includes(text)) return f;
    await sleep(10);
  }
  throw new Error(`never showed ${text}:\n${frame()}`);
}

test('first connection: a pasted fingerprint is checked against the server, shown back, and trusted with y', async () => {
  const probed: string[] = [];
  let done: string | undefined | null = null;
  const r = render(
    <TrustScreen
      host="lab"
      port={7340}
      probe={async (fp) => (probed.push(fp), 'pandaproctor/1.0.0')}
      onDone={(fp) => (done = fp)}
    />,
  );
  await sleep(20);
  // While typing, y and n are letters: the hint does not offer them yet.
  expect(r.lastFrame()).toContain('type or paste the fingerprint · Enter check · Esc quit');
  expect(r.lastFrame()).not.toContain('y trust');
  r.stdin.write('0123 4567 89AB CDEF');
  await sleep(20);
  r.stdin.write('\r');
  let f = await until(r.lastFrame, 'a fingerprint is 64 hex digits (you typed 16)');
  r.stdin.write(FP.slice(16));
  await sleep(20);
  r.stdin.write(KEY.enter);
  f = await until(r.lastFrame, 'proved it holds the key');
  expect(probed).toEqual([FP]);
  expect(f).toContain('0123 4567 89ab cdef 0123 4567 89ab cdef');
  expect(f).toContain('Trust this server and remember its key for lab:7340? y / n');
  expect(f).toContain('y trust · n refuse · Esc quit');
  expect(fits80x24(f)).toBe(true);
  r.stdin.write('y');
  await sleep(20);
  expect(done).toBe(FP);
});

test('a server that does not hold the key is reported, and n refuses', async () => {
  let done: string | undefined | null = null;
  const r = render(
    <TrustScreen
      host="lab"
      port={7340}
      probe={async () => {
        throw new ProtocolError('SERVER_KEY_MISMATCH', 'no');
      }}
      onDone={(fp) => (done = fp)}
    />,
  );
  await sleep(20);
  r.stdin.write(FP);
  await sleep(20);
  r.stdin.write('\r');
  await until(r.lastFrame, 'does NOT hold this key');
  expect(done).toBeNull();
  r.stdin.write(KEY.esc);
  await sleep(60);
  expect(done).toBeUndefined();
});

test('a pasted fingerprint with a typo fixed and Enter, all in one burst, keeps every key', async () => {
  const probed: string[] = [];
  const r = render(
    <TrustScreen
      host="lab"
      port={7340}
      probe={async (fp) => (probed.push(fp), 'pandaproctor/1.0.0')}
      onDone={() => {}}
    />,
  );
  await sleep(20);
  r.stdin.write(FP.slice(0, 60) + 'zz' + KEY.backspace.repeat(2) + FP.slice(60) + '\r');
  await until(r.lastFrame, 'proved it holds the key');
  expect(probed).toEqual([FP]);
});
