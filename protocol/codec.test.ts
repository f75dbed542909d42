import { decodeMessage, encodeMessage, validateEnvelope } from './codec.js';

const hex = (s: string) => Buffer.from(s, 'hex');

describe('codec', () => {
  test('round-trips every envelope type', () => {
    const msgs = [
      { t: 'welcome', server: 'pandaproctor/1.0.0', time: 1767225600000 },
      { t: 'welcome', server: 'pandaproctor/1.1.0', time: 1767225600000, features: ['resume', 'monitor'] },
      { t: 'req', id: 1, cmd: 'courses.list', args: {} },
      { t: 'res', id: 1, ok: true, data: [{ a: 1 }] },
      { t: 'res', id: 2, ok: false, error: { code: 'NOT_FOUND', message: 'no such attempt' } },
      { t: 'evt', name: 'exam.expired', data: { attemptId: 'x' } },
      { t: 'ping' },
      { t: 'pong' },
      { t: 'bye', reason: 'done' },
    ];
    for (const m of msgs) expect(decodeMessage(encodeMessage(m))).toEqual({ kind: 'ok', msg: m });
  });

  test('encodes with standard types only: no extension for undefined, fixmap for small maps', () => {
    expect(encodeMessage({ t: 'res', id: 1, ok: true, data: undefined }).toString('hex')).toBe(
      '84a174a3726573a2696401a26f6bc3a464617461c0',
    );
  });

  test('reads 64-bit integers as numbers and float64 integral ids as integers (PROTOCOL.md 5)', () => {
    // {t:'welcome', server:'s', time: uint64 0x19b76daa800}
    expect(decodeMessage(hex('83a174a777656c636f6d65a6736572766572a173a474696d65cf0000019b76daa800'))).toEqual({
      kind: 'ok',
      msg: { t: 'welcome', server: 's', time: 1767225600000 },
    });
    // {t:'req', id: float64 7.0, cmd:'x', args:{}} using map16 for the outer map
    const d = decodeMessage(hex('de0004a174a3726571a26964cb401c000000000000a3636d64a178a46172677380'));
    expect(d).toEqual({ kind: 'ok', msg: { t: 'req', id: 7, cmd: 'x', args: {} } });
  });

  test('a req with a bad cmd or args is a bad request, not a protocol violation', () => {
    expect(validateEnvelope({ t: 'req', id: 3, cmd: 5, args: {} })).toMatchObject({ kind: 'bad-req', id: 3 });
    expect(validateEnvelope({ t: 'req', id: 3, cmd: 'x', args: [1] })).toMatchObject({ kind: 'bad-req', id: 3 });
    expect(validateEnvelope({ t: 'req', id: 3, cmd: 'x' })).toMatchObject({ kind: 'bad-req', id: 3 });
  });

  test.each([
    ['not a map', [1, 2]],
    ['missing t', { id: 1 }],
    ['unknown t', { t: 'hello' }],
    ['req id negative', { t: 'req', id: -1, cmd: 'x', args: {} }],
    ['req id fractional', { t: 'req', id: 1.5, cmd: 'x', args: {} }],
    ['req id a string', { t: 'req', id: '1', cmd: 'x', args: {} }],
    ['res without ok', { t: 'res', id: 1 }],
    ['res ok without data', { t: 'res', id: 1, ok: true }],
    ['res error malformed', { t: 'res', id: 1, ok: false, error: 'bad' }],
    ['evt data not a map', { t: 'evt', name: 'x', data: 1 }],
    ['bye without reason', { t: 'bye' }],
    ['welcome time fractional', { t: 'welcome', server: 's', time: 1.5 }],
    ['welcome features not an array', { t: 'welcome', server: 's', time: 1, features: 'resume' }],
    ['welcome features not strings', { t: 'welcome', server: 's', time: 1, features: [1] }],
  ])('invalid envelope: %s', (_name, value) => {
    expect(validateEnvelope(value).kind).toBe('invalid');
  });

  test('garbage, trailing bytes and extension types are not valid messages', () => {
    expect(decodeMessage(hex('c1')).kind).toBe('invalid');
    expect(decodeMessage(hex('81a174a470696e67c0')).kind).toBe('invalid'); // trailing nil
    expect(decodeMessage(hex('d40501')).kind).toBe('invalid');
    expect(decodeMessage(hex('81a174d6ff00000000')).kind).toBe('invalid'); // t is a timestamp
    expect(decodeMessage(hex('')).kind).toBe('invalid');
  });

  test('a __proto__ key cannot pollute prototypes', () => {
    const d = decodeMessage(hex('84a174a3726571a2696401a3636d64a178a4617267738' + '1a95f5f70726f746f5f5f81a17801'));
    expect(d.kind).toBe('ok');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
