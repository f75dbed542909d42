// Test harness: a server connection over the in-memory pair, driven by a hand-rolled client that can
// send any bytes (valid frames, tampered frames, garbage) and records what the server sends back.
import { acceptTransport } from '../accept.js';
import type { AcceptTestOptions } from '../accept.js';
import type { RequestHandler, ServerConnection } from '../api.js';
import { decodeMessage, encodeMessage } from '../codec.js';
import { AppError } from '../errors.js';
import { randomKeyPair } from '../crypto.js';
import type { Opener, Sealer } from '../crypto.js';
import { FrameReader } from '../frame.js';
import { ClientHandshake } from '../handshake.js';
import { MAX_FRAME_ANY_ROLE } from '../limits.js';
import type { Envelope } from '../messages.js';
import { InMemoryTransport } from './in-memory.js';

export const TEST_SERVER_KEY = randomKeyPair();

export const echoHandler: RequestHandler = (cmd, args) => {
  if (cmd === 'echo') return args;
  if (cmd === 'async') return Promise.resolve(args);
  throw new AppError('BAD_REQUEST', `unknown command ${cmd}`);
};

export interface RawClient {
  client: InMemoryTransport;
  server: ServerConnection;
  sealer: Sealer;
  opener: Opener;
  /** Messages the server sent after welcome, decoded. */
  received: Envelope[];
  /** Resolves with the server's close reason. */
  closed: Promise<string>;
  sealedFrame(msg: Envelope | Record<string, unknown>): Buffer;
  /** Lets queued deliveries and replies run. */
  settle(): Promise<void>;
}

/** Connects a raw client to a server over the in-memory pair and completes the handshake. */
export async function rawClient(opts: Partial<AcceptTestOptions> = {}): Promise<RawClient> {
  const [client, serverSide] = InMemoryTransport.createLinkedPair();
  let resolveClosed!: (r: string) => void;
  const closed = new Promise<string>((r) => (resolveClosed = r));
  const server = acceptTransport(serverSide, {
    staticSecret: TEST_SERVER_KEY.secretKey,
    serverName: 'pandaproctor/test',
    handler: echoHandler,
    ...opts,
  });
  server.onClose((info) => resolveClosed(info.reason));
  const hs = new ClientHandshake(TEST_SERVER_KEY.publicKey);
  const reader = new FrameReader(MAX_FRAME_ANY_ROLE);
  const received: Envelope[] = [];
  let done: ((r: { sealer: Sealer; opener: Opener }) => void) | undefined;
  const ready = new Promise<{ sealer: Sealer; opener: Opener }>((r) => (done = r));
  let opener: Opener | undefined;
  client.setHandlers({
    onData(chunk) {
      if (!opener) {
        const r = hs.feed(chunk);
        if (!r) return;
        opener = r.opener;
        done!({ sealer: r.sealer, opener: r.opener });
        chunk = r.rest;
      }
      reader.push(chunk);
      for (let body = reader.next(); body; body = reader.next()) {
        const plain = opts.unsafeNoEncryption ? body : opener.open(body);
        if (!plain) throw new Error('client could not open a server frame');
        const d = decodeMessage(plain);
        if (d.kind === 'ok') received.push(d.msg);
      }
    },
    onClose() {},
  });
  client.write(hs.start());
  const { sealer } = await ready;
  return {
    client,
    server,
    sealer,
    opener: opener!,
    received,
    closed,
    sealedFrame: (msg) => sealer.sealFrame(encodeMessage(msg)),
    settle: () => new Promise((r) => setImmediate(r)),
  };
}
