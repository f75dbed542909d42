import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFiles } from './files.js';
import { errorLine } from './state/errors.js';

describe('nodeFiles', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pp-files-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const fail = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => e,
    );

  test('export into a missing folder names that folder, not the temporary .part file', async () => {
    const err = await fail(nodeFiles.write(join(dir, 'nope', 'q.csv'), 'x', () => undefined));
    expect(errorLine(err)).toBe(`${join(dir, 'nope')} does not exist — check the path`);
    await nodeFiles.write(join(dir, 'q.csv'), 'ID\n', () => undefined);
    expect(await readFile(join(dir, 'q.csv'), 'utf8')).toBe('ID\n');
  });

  test('never overwrites an existing file unless told to, and leaves no .part behind', async () => {
    await writeFile(join(dir, 'q.csv'), 'mine');
    const err = await fail(nodeFiles.write(join(dir, 'q.csv'), 'theirs', () => undefined));
    expect(errorLine(err)).toBe(`${join(dir, 'q.csv')} already exists — choose another name, or confirm to replace it`);
    expect(await readFile(join(dir, 'q.csv'), 'utf8')).toBe('mine');
    await nodeFiles.write(join(dir, 'q.csv'), 'theirs', () => undefined, { overwrite: true });
    expect(await readFile(join(dir, 'q.csv'), 'utf8')).toBe('theirs');
    expect(await readdir(dir)).toEqual(['q.csv']);
  });

  test('exporting to a folder names the folder and leaves no stray .part file', async () => {
    await mkdir(join(dir, 'out'));
    for (const overwrite of [false, true]) {
      const err = await fail(nodeFiles.write(join(dir, 'out'), 'x', () => undefined, { overwrite }));
      expect(errorLine(err)).toBe(`${join(dir, 'out')} is a folder — type the path of a file`);
    }
    expect(await readdir(dir)).toEqual(['out']);
    expect(await readdir(join(dir, 'out'))).toEqual([]);
  });

  test('a write that fails after the temporary file exists removes it', async () => {
    // A folder takes the target's name while the data is being written, so the final rename fails.
    const target = join(dir, 'q.csv');
    const err = await fail(
      nodeFiles.write(target, 'x'.repeat(200_000), (done) => {
        if (done >= 65_536) void mkdir(target).catch(() => undefined);
      }),
    );
    expect(errorLine(err)).toBe(`${target} is a folder — type the path of a file`);
    expect((await readdir(dir)).filter((n) => n.endsWith('.part'))).toEqual([]);
  });

  test('resolve shows the absolute path a relative one means', () => {
    expect(nodeFiles.resolve('x.csv')).toBe(join(process.cwd(), 'x.csv'));
  });
});
