// Must-show 7: the code reproduces every key and frame of the reference vectors (libsodium-computed),
// from the published copy in docs/ (kept identical in the shared fields to ../shared/protocol-vectors.json).
import './testing/fast-nacl.js';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha512 } from './crypto.js';
import { acceptTransport } from './accept.js';
import { connectTransport } from './connect.js';
import { dh, keyPairFromSecret, Opener, Sealer, transcriptHash } from './crypto.js';
import { ClientHandshake, ServerHandshake } from './handshake.js';
import { PREAMBLE } from './limits.js';
import { InMemoryTransport } from './testing/in-memory.js';

const here = path.dirname(fileURLToPath(import.meta.url));
interface FrameVector {
  counter: number;
  plaintext: string;
  frame: string;
}
const v = JSON.parse(fs.readFileSync(path.join(here, '..', 'docs', 'protocol-vectors.json'), 'utf8')) as Record<
  string,
  string
> & {
  client_frames: FrameVector[];
  server_frames: FrameVector[];
};
const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('reference vectors (docs/protocol-vectors.json)', () => {
  test('public keys from the secret keys', () => {
    expect(toHex(keyPairFromSecret(hex(v.server_static_secret)).publicKey)).toBe(v.server_static_public);
    expect(toHex(keyPairFromSecret(hex(v.client_ephemeral_secret)).publicKey)).toBe(v.client_ephemeral_public);
    expect(toHex(keyPairFromSecret(hex(v.server_ephemeral_secret)).publicKey)).toBe(v.server_ephemeral_public);
    expect(toHex(PREAMBLE)).toBe(v.preamble);
  });

  test('dh1, dh2, h, okm, k_c2s, k_s2c', () => {
    const dh1 = dh(hex(v.client_ephemeral_secret), hex(v.server_static_public));
    const dh2 = dh(hex(v.client_ephemeral_secret), hex(v.server_ephemeral_public));
    expect(toHex(dh1)).toBe(v.dh1);
    expect(toHex(dh(hex(v.server_static_secret), hex(v.client_ephemeral_public)))).toBe(v.dh1);
    expect(toHex(dh2)).toBe(v.dh2);
    expect(toHex(dh(hex(v.server_ephemeral_secret), hex(v.client_ephemeral_public)))).toBe(v.dh2);
    const h = transcriptHash(
      hex(v.client_ephemeral_public),
      hex(v.server_ephemeral_public),
      hex(v.server_static_public),
    );
    expect(toHex(h)).toBe(v.h);
    const okm = sha512(Buffer.concat([dh1, dh2, h]));
    expect(toHex(okm)).toBe(v.okm);
    expect(v.k_c2s).toBe(v.okm.slice(0, 64));
    expect(v.k_s2c).toBe(v.okm.slice(64));
  });

  test('client and server handshake state machines produce the exact handshake bytes and keys', () => {
    const client = new ClientHandshake(hex(v.server_static_public), hex(v.client_ephemeral_secret));
    const hello = client.start();
    expect(toHex(hello)).toBe(v.client_bytes_on_the_wire);
    expect(toHex(hello.subarray(8))).toBe(v.client_handshake_frame);
    const server = new ServerHandshake({
      staticSecret: hex(v.server_static_secret),
      ephemeralSecret: hex(v.server_ephemeral_secret),
      welcome: () => hex(v.welcome_plaintext),
    });
    const s = server.feed(hello)!;
    expect(toHex(s.reply)).toBe(v.server_handshake_frame);
    expect(toHex(s.keys.c2s)).toBe(v.k_c2s);
    expect(toHex(s.keys.s2c)).toBe(v.k_s2c);
    const c = client.feed(s.reply)!;
    expect(toHex(c.keys.c2s)).toBe(v.k_c2s);
    expect(c.welcome).toEqual({ t: 'welcome', server: 'pandaproctor/1.0.0', time: 0x19b76daa800 });
  });

  test('sealed frames at their counters, both directions, and they open again', () => {
    const c2s = new Sealer(hex(v.k_c2s));
    const openC2s = new Opener(hex(v.k_c2s));
    for (const f of v.client_frames) {
      expect(c2s.next).toBe(f.counter);
      expect(toHex(c2s.sealFrame(hex(f.plaintext)))).toBe(f.frame);
      expect(toHex(openC2s.open(hex(f.frame).subarray(4))!)).toBe(f.plaintext);
    }
    const s2c = new Sealer(hex(v.k_s2c));
    s2c.sealBox(hex(v.welcome_plaintext)); // counter 0 is welcome
    const openS2c = new Opener(hex(v.k_s2c));
    expect(openS2c.open(hex(v.server_handshake_frame).subarray(36))).not.toBeNull();
    for (const f of v.server_frames) {
      expect(s2c.next).toBe(f.counter);
      expect(toHex(s2c.sealFrame(hex(f.plaintext)))).toBe(f.frame);
      expect(toHex(openS2c.open(hex(f.frame).subarray(4))!)).toBe(f.plaintext);
    }
  });

  test('the real server connection accepts the vector client bytes and answers the vector request', async () => {
    const [client, server] = InMemoryTransport.createLinkedPair();
    const calls: unknown[] = [];
    acceptTransport(server, {
      staticSecret: hex(v.server_static_secret),
      ephemeralSecret: hex(v.server_ephemeral_secret),
      serverName: 'pandaproctor/1.0.0',
      now: () => 0x19b76daa800,
      handler: (cmd, args) => {
        calls.push([cmd, args]);
        return [];
      },
    });
    const got: Buffer[] = [];
    client.setHandlers({ onData: (c) => got.push(c), onClose: () => {} });
    client.write(Buffer.concat([hex(v.client_bytes_on_the_wire), ...v.client_frames.map((f) => hex(f.frame))]));
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual([['courses.list', {}]]);
    // Our own welcome encoding may differ from the vector's (msgpackr packs time as float64):
    // the eS prefix is identical, and the client opens whatever we sealed.
    const out = Buffer.concat(got);
    expect(toHex(out.subarray(4, 36))).toBe(v.server_ephemeral_public);
    const hs = new ClientHandshake(hex(v.server_static_public), hex(v.client_ephemeral_secret));
    hs.start();
    const r = hs.feed(out)!;
    expect(r.welcome.time).toBe(0x19b76daa800);
    expect(r.rest.length).toBeGreaterThan(0); // the answer to courses.list and the pong
  });

  test('the real client connection accepts the vector server bytes', async () => {
    const [client, server] = InMemoryTransport.createLinkedPair();
    const sent: Buffer[] = [];
    server.setHandlers({ onData: (c) => sent.push(c), onClose: () => {} });
    const pending = connectTransport(client, {
      host: 'memory',
      port: 0,
      serverKey: hex(v.server_static_public),
      ephemeralSecret: hex(v.client_ephemeral_secret),
    });
    await new Promise((r) => setImmediate(r));
    expect(toHex(Buffer.concat(sent))).toBe(v.client_bytes_on_the_wire);
    server.write(Buffer.from(hex(v.server_handshake_frame)));
    const ch = await pending;
    expect(ch.welcome.server).toBe('pandaproctor/1.0.0');
    const answer = ch.request('courses.list');
    await new Promise((r) => setImmediate(r));
    // Our encoding of the request is the vector's plaintext, so the sealed frame is the vector's frame.
    expect(toHex(Buffer.concat(sent).subarray(hex(v.client_bytes_on_the_wire).length))).toBe(v.client_frames[0].frame);
    server.write(Buffer.from(hex(v.server_frames[0].frame)));
    await expect(answer).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'log in first' });
    await ch.close();
  });
});
