// A file the server cannot load is named in the error, with what to do, and start-up changes nothing.
import { appendFile, chmod, mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../testing/harness.js';
import { Database } from './database.js';
import { DataFileError } from './load.js';

async function populatedDir() {
  const t = await tempDir();
  const db = await Database.open(t.dir, { fsync: false });
  await db.audit({ at: 1, actor: 'ann', address: '', action: 'a', target: 'b', detail: 'c' });
  await db.close();
  return t;
}

async function openError(dir: string): Promise<DataFileError> {
  const err = await Database.open(dir, { fsync: false }).then(
    (db) => db.close().then(() => null),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataFileError);
  return err as DataFileError;
}

test('a questions.csv cut short inside a quoted cell is named with its line', async () => {
  const t = await tempDir();
  try {
    await (await Database.open(t.dir, { fsync: false })).close();
    const path = join(t.dir, 'questions.csv');
    const text = await readFile(path, 'utf8');
    await appendFile(path, '999,"A question whose text was cut');
    const before = await readFile(path, 'utf8');
    const err = await openError(t.dir);
    expect(err.message).toBe(`questions.csv:${text.split('\n').length}: unterminated quoted cell`);
    expect(err.fix).toMatch(/restore the file from a backup; no file was changed/);
    expect(await readFile(path, 'utf8')).toBe(before);
  } finally {
    await t.cleanup();
  }
});

test('an unreadable log is named, with the fix, instead of a bare system error', async () => {
  const t = await populatedDir();
  try {
    await rm(join(t.dir, 'attempts.csv'));
    await mkdir(join(t.dir, 'attempts.csv'));
    const err = await openError(t.dir);
    expect(err.message).toBe('attempts.csv: cannot be read (EISDIR)');
    expect(err.fix).toMatch(/read and write access to attempts\.csv/);
  } finally {
    await t.cleanup();
  }
});

(process.getuid?.() === 0 ? test.skip : test)('a log without read permission is named', async () => {
  const t = await populatedDir();
  try {
    await chmod(join(t.dir, 'presence.csv'), 0o000);
    const err = await openError(t.dir);
    expect(err.message).toBe('presence.csv: cannot be read (EACCES)');
  } finally {
    await chmod(join(t.dir, 'presence.csv'), 0o600);
    await t.cleanup();
  }
});

test('a log truncated mid-row loses only that torn row, and the rest loads', async () => {
  const t = await populatedDir();
  try {
    // legacy-scores.csv: a plain append log (audit.csv is chained and upgraded first, store/audit.ts).
    const path = join(t.dir, 'legacy-scores.csv');
    await writeFile(path, 'Student Name,Score,ImportedAt\r\nann,7,1\r\nbob,8,2\r\n');
    await truncate(path, (await readFile(path)).length - 3);
    const warnings: string[] = [];
    const db = await Database.open(t.dir, { fsync: false, warn: (w) => warnings.push(w) });
    await db.close();
    expect(warnings).toEqual([expect.stringMatching(/^legacy-scores\.csv:3: dropped a torn last line/)]);
    expect(await readFile(path, 'utf8')).toBe('Student Name,Score,ImportedAt\r\nann,7,1\r\n');
  } finally {
    await t.cleanup();
  }
});
