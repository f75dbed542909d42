// Must-show 2: the same byte stream gives the same messages whether delivered whole, split at every
// offset, or byte by byte, through the real server and client connections (PROTOCOL.md 3, 4).
import './testing/fast-nacl.js';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { acceptTransport } from './accept.js';
import { encodeMessage } from './codec.js';
import { connectTransport } from './connect.js';
import { Sealer } from './crypto.js';
import { InMemoryTransport } from './testing/in-memory.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const v = JSON.parse(fs.readFileSync(path.join(here, '..', 'docs', 'protocol-vectors.json'), 'utf8'));
const hex = (s: string) => Buffer.from(s, 'hex');
const staticSecret = Uint8Array.from(hex(v.server_static_secret));
const serverEphemeral = Uint8Array.from(hex(v.server_ephemeral_secret));
const clientEphemeral = Uint8Array.from(hex(v.client_ephemeral_secret));

function splits(stream: Buffer): Array<[string, Buffer[]]> {
  const out: Array<[string, Buffer[]]> = [['whole', [stream]]];
  for (let i = 1; i < stream.length; i++) out.push([`split at ${i}`, [stream.subarray(0, i), stream.subarray(i)]]);
  out.push(['byte by byte', [...stream].map((b) => Buffer.of(b))]);
  return out;
}

async function flush(): Promise<void> {
  await new Promise((r) => setImmediate(r));
}

describe('same bytes, any chunking', () => {
  test('server side: handshake + pipelined requests', async () => {
    const c2s = new Sealer(hex(v.k_c2s));
    const msgs = [
      { t: 'req', id: 1, cmd: 'courses.list', args: {} },
      { t: 'ping' },
      { t: 'req', id: 2, cmd: 'exam.answer', args: { attemptId: 'a', questionId: 'q', choice: 'B' } },
      {
        t: 'req',
        id: 3,
        cmd: 'presence.report',
        args: { events: [{ seq: 1, at: 2 ** 41, state: 'present', faces: 1, fps: 9.5 }] },
      },
    ];
    const stream = Buffer.concat([
      hex(v.client_bytes_on_the_wire),
      ...msgs.map((m) => c2s.sealFrame(encodeMessage(m))),
    ]);
    let reference: string | undefined;
    for (const [name, chunks] of splits(stream)) {
      const [client, server] = InMemoryTransport.createLinkedPair();
      const calls: unknown[] = [];
      const conn = acceptTransport(server, {
        staticSecret,
        ephemeralSecret: serverEphemeral,
        serverName: 'pandaproctor/1.0.0',
        now: () => 0,
        handler: (cmd, args) => (calls.push([cmd, args]), cmd),
      });
      const replies: Buffer[] = [];
      client.setHandlers({ onData: (c) => replies.push(c), onClose: () => {} });
      for (const c of chunks) server.inject(c);
      await flush();
      const seen = JSON.stringify({ calls, replies: Buffer.concat(replies).toString('hex') });
      reference ??= seen;
      expect([name, seen]).toEqual([name, reference]);
      expect(conn.closed).toBe(false);
      conn.close('done');
    }
    expect(JSON.parse(reference!).calls).toHaveLength(3);
  });

  test('client side: server handshake + events + ping', async () => {
    const s2c = new Sealer(hex(v.k_s2c));
    s2c.sealBox(hex(v.welcome_plaintext)); // counter 0 is welcome
    const evts = [
      { t: 'evt', name: 'exam.expired', data: { attemptId: 'a1' } },
      { t: 'ping' },
      { t: 'evt', name: 'server.closing', data: { inMs: 5000, note: 'x'.repeat(300) } },
    ];
    const stream = Buffer.concat([hex(v.server_handshake_frame), ...evts.map((m) => s2c.sealFrame(encodeMessage(m)))]);
    let reference: string | undefined;
    for (const [name, chunks] of splits(stream)) {
      const [client, server] = InMemoryTransport.createLinkedPair();
      const sent: Buffer[] = [];
      server.setHandlers({ onData: (c) => sent.push(c), onClose: () => {} });
      const events: unknown[] = [];
      const pending = connectTransport(client, {
        host: 'm',
        port: 0,
        serverKey: hex(v.server_static_public),
        ephemeralSecret: clientEphemeral,
      });
      let ch: Awaited<typeof pending> | undefined;
      void pending.then((c) => {
        ch = c;
        c.onEvent((n, d) => events.push([n, d]));
      });
      for (const c of chunks) client.inject(c);
      await flush();
      await flush();
      expect(ch).toBeDefined();
      const seen = JSON.stringify({ welcome: ch!.welcome, events, sent: Buffer.concat(sent).toString('hex') });
      reference ??= seen;
      expect([name, seen]).toEqual([name, reference]);
      expect(ch!.closed).toBe(false);
      await ch!.close();
    }
    expect(reference).toContain(v.client_bytes_on_the_wire);
    expect(JSON.parse(reference!).events).toHaveLength(2);
  });
});
