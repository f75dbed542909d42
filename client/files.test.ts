import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFiles } from './files.js';
import { errorLine } from './state/errors.js';

describe('nodeFiles', () => {
  test('export into a missing folder names that folder, not the temporary .part file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pp-files-'));
    try {
      const err = await nodeFiles.write(join(dir, 'nope', 'q.csv'), 'x', () => undefined).then(() => undefined, (e: unknown) => e);
      expect(errorLine(err)).toBe(`${join(dir, 'nope')} does not exist — check the path`);
      await nodeFiles.write(join(dir, 'q.csv'), 'ID\n', () => undefined);
      expect(await readFile(join(dir, 'q.csv'), 'utf8')).toBe('ID\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
