import { InMemoryTransport } from './in-memory.js';

function collect(t: InMemoryTransport) {
  const got: string[] = [];
  let closed = 0;
  t.setHandlers({ onData: (c) => got.push(c.toString()), onClose: () => closed++ });
  return { got, closedCount: () => closed };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('InMemoryTransport linked pair', () => {
  test('delivers writes to the other side, in order, asynchronously', async () => {
    const [a, b] = InMemoryTransport.createLinkedPair();
    const rb = collect(b);
    a.write(Buffer.from('one'));
    a.write(Buffer.from('two'));
    expect(rb.got).toEqual([]);
    await tick();
    expect(rb.got).toEqual(['one', 'two']);
  });

  test('end() delivers queued data first, then closes both sides once', async () => {
    const [a, b] = InMemoryTransport.createLinkedPair();
    const ra = collect(a);
    const rb = collect(b);
    a.write(Buffer.from('last'));
    a.end();
    a.write(Buffer.from('ignored'));
    await tick();
    expect(rb.got).toEqual(['last']);
    expect([ra.closedCount(), rb.closedCount()]).toEqual([1, 1]);
    expect(a.closed && b.closed).toBe(true);
  });

  test('destroy() drops undelivered data and closes both sides', async () => {
    const [a, b] = InMemoryTransport.createLinkedPair();
    const rb = collect(b);
    a.write(Buffer.from('lost'));
    a.destroy();
    await tick();
    expect(rb.got).toEqual([]);
    expect(rb.closedCount()).toBe(1);
  });

  test('pause() holds data until resume()', async () => {
    const [a, b] = InMemoryTransport.createLinkedPair();
    const rb = collect(b);
    b.pause();
    a.write(Buffer.from('held'));
    await tick();
    expect(rb.got).toEqual([]);
    b.resume();
    await tick();
    expect(rb.got).toEqual(['held']);
  });

  test('inject() feeds bytes as if the peer wrote them', async () => {
    const [, b] = InMemoryTransport.createLinkedPair();
    const rb = collect(b);
    b.inject(Uint8Array.of(104, 105));
    await tick();
    expect(rb.got).toEqual(['hi']);
  });
});
