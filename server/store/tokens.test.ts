// tokens.csv: hashes only, a torn last line (crash mid-write) is dropped, dead tokens are compacted
// away at open, and revocations survive a restart.
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RESUME_LIMITS } from '../limits.js';
import { tempDir } from '../testing/harness.js';
import { ResumeTokens, TOKENS_FILE } from './tokens.js';

test('issue, revoke and expire survive reopening; the file is compacted and holds no token', async () => {
  const t = await tempDir();
  const now = 1_700_000_000_000;
  try {
    let store = await ResumeTokens.open(t.dir, { fsync: false, now });
    const keep = await store.issue('ann', 'student', now);
    const revoked = await store.issue('bob', 'student', now);
    const old = await store.issue('cid', 'admin', now - RESUME_LIMITS.lifetimeMs + 1000);
    await store.revokeUser('bob', now);
    await store.close();
    await appendFile(join(t.dir, TOKENS_FILE), '1700000000000,issue,abc,'); // a torn last line
    const text = await readFile(join(t.dir, TOKENS_FILE), 'utf8');
    for (const g of [keep, revoked, old]) expect(text).not.toContain(g.token);

    store = await ResumeTokens.open(t.dir, { fsync: false, now: now + 2000 });
    expect(store.live).toBe(1); // bob revoked, cid expired, torn line dropped
    expect((await store.resume(keep.token, now + 2000))?.who).toEqual({
      username: 'ann',
      role: 'student',
      family: keep.family,
    });
    expect(await store.resume(revoked.token, now + 2000)).toBeNull();
    expect(await store.resume(old.token, now + 2000)).toBeNull();
    await store.close();
    const compacted = (await readFile(join(t.dir, TOKENS_FILE), 'utf8')).trim().split(/\r?\n/);
    expect(compacted[0]).toBe('At,Event,Family,Hash,Username,Role,Expires');
  } finally {
    await t.cleanup();
  }
});
