// msgpack encoding and envelope validation (PROTOCOL.md 5). Pure.
import { Packr, Unpackr } from 'msgpackr';
import type { Envelope } from './messages.js';

// PROTOCOL.md 5: standard msgpack types only (no records / extensions); 64-bit ints read as numbers.
// variableMapSize: fixmap for small maps, as the reference encoder does (byte-identical to the vectors).
const packr = new Packr({ useRecords: false, encodeUndefinedAsNil: true, moreTypes: false, variableMapSize: true });
const unpackr = new Unpackr({ useRecords: false, int64AsType: 'number', mapsAsObjects: true, copyBuffers: true });

export function encodeMessage(msg: Envelope | Record<string, unknown>): Buffer {
  return packr.pack(msg);
}

export type Decoded =
  | { kind: 'ok'; msg: Envelope }
  /** A well-formed `req` whose `cmd` or `args` is wrong: answered with BAD_REQUEST (PROTOCOL.md 4). */
  | { kind: 'bad-req'; id: number; reason: string }
  /** Not msgpack or not a valid envelope: the connection closes without a reply (PROTOCOL.md 4). */
  | { kind: 'invalid'; reason: string };

export function isPlainMap(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** An integer (any msgpack int form, or a float64 holding an integral value: PROTOCOL.md 5). */
export function isUint(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function invalid(reason: string): Decoded {
  return { kind: 'invalid', reason };
}

export function decodeMessage(bytes: Uint8Array): Decoded {
  let v: unknown;
  try {
    v = unpackr.unpack(bytes);
  } catch {
    return invalid('not msgpack');
  }
  return validateEnvelope(v);
}

/** Checks one decoded value against the table of PROTOCOL.md 5. Unknown extra fields are ignored. */
export function validateEnvelope(v: unknown): Decoded {
  if (!isPlainMap(v)) return invalid('not a map');
  switch (v.t) {
    case 'welcome':
      if (typeof v.server !== 'string') return invalid('welcome.server is not a string');
      if (typeof v.time !== 'number' || !Number.isSafeInteger(v.time)) return invalid('welcome.time is not an integer');
      if (v.features === undefined) return { kind: 'ok', msg: { t: 'welcome', server: v.server, time: v.time } };
      if (!Array.isArray(v.features) || !v.features.every((f) => typeof f === 'string')) {
        return invalid('welcome.features is not an array of strings');
      }
      return { kind: 'ok', msg: { t: 'welcome', server: v.server, time: v.time, features: v.features as string[] } };
    case 'req':
      if (!isUint(v.id)) return invalid('req.id is not an unsigned integer');
      if (typeof v.cmd !== 'string') return { kind: 'bad-req', id: v.id, reason: 'cmd must be a string' };
      if (!isPlainMap(v.args)) return { kind: 'bad-req', id: v.id, reason: 'args must be a map' };
      return { kind: 'ok', msg: { t: 'req', id: v.id, cmd: v.cmd, args: v.args } };
    case 'res': {
      if (!isUint(v.id)) return invalid('res.id is not an unsigned integer');
      if (v.ok === true) {
        if (!('data' in v)) return invalid('res.data missing');
        return { kind: 'ok', msg: { t: 'res', id: v.id, ok: true, data: v.data } };
      }
      if (v.ok !== false) return invalid('res.ok is not a boolean');
      const e = v.error;
      if (!isPlainMap(e) || typeof e.code !== 'string' || typeof e.message !== 'string') {
        return invalid('res.error is not {code, message}');
      }
      return { kind: 'ok', msg: { t: 'res', id: v.id, ok: false, error: { code: e.code, message: e.message } } };
    }
    case 'evt':
      if (typeof v.name !== 'string') return invalid('evt.name is not a string');
      if (!isPlainMap(v.data)) return invalid('evt.data is not a map');
      return { kind: 'ok', msg: { t: 'evt', name: v.name, data: v.data } };
    case 'ping':
      return { kind: 'ok', msg: { t: 'ping' } };
    case 'pong':
      return { kind: 'ok', msg: { t: 'pong' } };
    case 'bye':
      if (typeof v.reason !== 'string') return invalid('bye.reason is not a string');
      return { kind: 'ok', msg: { t: 'bye', reason: v.reason } };
    default:
      return invalid('unknown t');
  }
}
