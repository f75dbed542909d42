import { dispatchEnvelope, type EnvelopeHandlers } from './envelope-dispatch.js';
import type { Envelope } from './messages.js';

function fakeChannel() {
  const did: string[] = [];
  return {
    did,
    send: (msg: Envelope) => void did.push(`send ${msg.t}`),
    peerBye: (reason: string) => void did.push(`bye ${reason}`),
    fail: (code: string, message: string) => void did.push(`fail ${code} ${message}`),
  };
}

const messages: Envelope[] = [
  { t: 'welcome', server: 's', time: 1 },
  { t: 'req', id: 1, cmd: 'auth.login', args: {} },
  { t: 'res', id: 1, ok: true, data: null },
  { t: 'evt', name: 'monitor', data: {} },
  { t: 'ping' },
  { t: 'pong' },
  { t: 'bye', reason: 'done' },
];

function run(handlers: EnvelopeHandlers, peer: string): string[] {
  const out: string[] = [];
  for (const msg of messages) {
    const ch = fakeChannel();
    dispatchEnvelope(msg, ch, handlers, peer);
    out.push(`${msg.t}: ${ch.did.join(', ')}`);
  }
  return out;
}

test('a server accepts requests, keep-alive and goodbye from a client, and fails on anything else', () => {
  const seen: string[] = [];
  const out = run({ req: (m) => void seen.push(`req ${m.cmd}`) }, 'a client');
  expect(seen).toEqual(['req auth.login']);
  expect(out).toEqual([
    'welcome: fail BAD_MESSAGE unexpected message type welcome from a client',
    'req: ',
    'res: fail BAD_MESSAGE unexpected message type res from a client',
    'evt: fail BAD_MESSAGE unexpected message type evt from a client',
    'ping: send pong',
    'pong: ',
    'bye: bye done',
  ]);
});

test('a client accepts answers, events, keep-alive and goodbye from the server, and fails on a request or a second welcome', () => {
  const seen: string[] = [];
  const out = run(
    { res: (m) => void seen.push(`res ${m.id}`), evt: (m) => void seen.push(`evt ${m.name}`) },
    'the server',
  );
  expect(seen).toEqual(['res 1', 'evt monitor']);
  expect(out).toEqual([
    'welcome: fail BAD_MESSAGE unexpected message type welcome from the server',
    'req: fail BAD_MESSAGE unexpected message type req from the server',
    'res: ',
    'evt: ',
    'ping: send pong',
    'pong: ',
    'bye: bye done',
  ]);
});
