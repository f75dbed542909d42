// Logins stay fair under attack (docs/server.md "Threats and limits"): guesses from one address
// never lock the owner out from another, failures are charged when the check starts, the hash
// queue is round robin across addresses, names are unique without case, passwords compare in NFC.
import { FairQueue } from './fair-queue.js';
import { PasswordHasher } from './password.js';
import { FakeConn, withTestServer } from '../testing/harness.js';

const login = (username: string, password: string) => ({ username, password, role: 'student' });

test('the owner logs in from a second address while an attacker keeps failing on the same account', async () => {
  let clock = 1_000_000;
  await withTestServer({ now: () => clock }, async (s) => {
    await s.call(new FakeConn('10.1.1.1'), 'auth.register', { username: 'olivia', password: 'olivia password' });
    const attacker = new FakeConn('203.0.113.66');
    const codes: string[] = [];
    // One guess per backoff period, for an hour: the attack that used to keep an account locked for good.
    for (let i = 0; i < 40; i++) {
      codes.push(await s.code(attacker, 'auth.login', login('olivia', `guess number ${i}`)));
      clock += 90_000;
      if (i % 10 === 9) {
        // The owner, from her own machine, at any moment of the attack: in at once.
        const owner = new FakeConn('10.1.1.20');
        expect(await s.call(owner, 'auth.login', login('olivia', 'olivia password'))).toMatchObject({
          username: 'olivia',
          role: 'student',
        });
        await s.call(owner, 'auth.logout');
      }
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('AUTH_FAILED'));
    expect(codes).toContain('RATE_LIMITED'); // the attacker's own address is backing off
    // Even the right password from the attacker's address waits out that address's backoff.
    expect(await s.code(attacker, 'auth.login', login('olivia', 'olivia password'))).toBe('RATE_LIMITED');
    // users.list shows the account as locked (from some address); admin unlock clears every address.
    expect(s.app.backoff.isLocked('olivia', clock)).toBe(true);
    s.app.backoff.unlock('olivia');
    expect(await s.code(attacker, 'auth.login', login('olivia', 'olivia password'))).toBe('ok');
  });
});

test('failures are charged when the check starts: 150 concurrent wrong logins from one address run only the burst', async () => {
  await withTestServer({ now: () => 5_000_000 }, async (s) => {
    await s.call(new FakeConn('10.1.1.1'), 'auth.register', { username: 'victor', password: 'victor password' });
    const verify = s.app.hasher.verify.bind(s.app.hasher);
    let checks = 0;
    s.app.hasher.verify = (...a: Parameters<typeof verify>) => (checks++, verify(...a));
    const from = new FakeConn('203.0.113.7');
    const codes = await Promise.all(
      Array.from({ length: 150 }, (_, i) => s.code(from, 'auth.login', login(`victim${i}`, 'wrong password'))),
    );
    expect(codes.filter((c) => c === 'AUTH_FAILED')).toHaveLength(20); // DEFAULT_AUTH_LIMITS.addressFailureBurst
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(130);
    expect(checks).toBe(20);
    // A success gives its token back: the owner of an address is not charged for getting it right.
    const home = new FakeConn('10.9.9.9');
    for (let i = 0; i < 30; i++) {
      expect(await s.code(home, 'auth.login', login('victor', 'victor password'))).toBe('ok');
      await s.call(home, 'auth.logout');
    }
  });
});

test('the hash queue is round robin: one address with a long backlog delays another by about one check', async () => {
  const order: string[] = [];
  const q = new FairQueue();
  for (let i = 0; i < 100; i++) q.push('attacker', `acct${i % 3}`, () => order.push(`a${i % 3}`));
  q.push('student', 'olivia', () => order.push('student'));
  const first = [q.shift()!, q.shift()!, q.shift()!];
  first.forEach((w) => w());
  expect(order).toContain('student');
  // Within one address, accounts take turns too.
  order.length = 0;
  for (let i = 0; i < 6; i++) q.shift()!();
  expect(new Set(order)).toEqual(new Set(['a0', 'a1', 'a2']));
  expect(q.size).toBe(100 - 2 - 6);
});

test('the hasher serves a newcomer address ahead of another address backlog', async () => {
  const h = new PasswordHasher({ concurrency: 1, queueMax: 1_000 });
  const stored = await h.hash('the password');
  const finished: string[] = [];
  const backlog = Array.from({ length: 20 }, () =>
    h.verify('wrong', stored, { address: 'attacker' }).then(() => finished.push('attacker')),
  );
  const honest = h.verify('the password', stored, { address: 'student' }).then((ok) => (finished.push('student'), ok));
  expect(await honest).toBe(true);
  expect(finished.indexOf('student')).toBeLessThanOrEqual(2);
  await Promise.all(backlog);
  await h.close();
});

test('usernames are unique without regard to case, and log in with any case', async () => {
  await withTestServer({}, async (s) => {
    await s.call(new FakeConn(), 'auth.register', { username: 'Alice', password: 'alice password' });
    expect(await s.code(new FakeConn(), 'auth.register', { username: 'alice', password: 'another password' })).toBe(
      'CONFLICT',
    );
    expect(await s.code(new FakeConn(), 'auth.register', { username: 'ALICE', password: 'another password' })).toBe(
      'CONFLICT',
    );
    expect(await s.call(new FakeConn(), 'auth.login', login('aLiCe', 'alice password'))).toMatchObject({
      username: 'Alice',
      role: 'student',
    });
  });
});

test('passwords compare in NFC: registered composed, typed decomposed (and the reverse, migrated on login)', async () => {
  await withTestServer({}, async (s) => {
    const composed = 'caf\u00e9 au lait';
    const decomposed = 'cafe\u0301 au lait';
    await s.call(new FakeConn(), 'auth.register', { username: 'nfcuser', password: composed });
    expect(await s.code(new FakeConn(), 'auth.login', login('nfcuser', decomposed))).toBe('ok');
    // An account from before normalisation, hashed from the decomposed form as typed then.
    const old = await s.app.hasher.hash('x');
    const raw = await (
      s.app.hasher as unknown as { derive(p: string, salt: Buffer, params: string): Promise<Buffer> }
    ).derive(decomposed, Buffer.from(old.salt, 'base64'), old.params);
    await s.db.putUser({
      username: 'olduser',
      role: 'student',
      created: 1,
      salt: old.salt,
      hash: raw.toString('base64'),
      params: old.params,
    });
    expect(await s.code(new FakeConn(), 'auth.login', login('olduser', composed))).toBe('ok');
    // Migrated: the stored hash is now of the NFC form, which matches on the first try.
    expect(await s.app.hasher.verify(composed, s.app.db.model.users.get('olduser')!)).toBe(true);
  });
});
