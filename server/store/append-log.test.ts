// The append log acknowledges a row only once all of its bytes are written and synced
// (CONVENTIONS.md habit 5), also when the disk takes a write in pieces.
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../testing/harness.js';
import { AppendLog } from './append-log.js';

test('a short write (disk filling up) is completed before the rows are acknowledged', async () => {
  const t = await tempDir();
  try {
    const path = join(t.dir, 'log.csv');
    const real = await open(path, 'a');
    // write(2) may return fewer bytes than asked without an error: this handle takes 5 at a time.
    const short = new Proxy(real, {
      get(target, prop) {
        if (prop === 'write') {
          return (data: Buffer | string, off = 0, len?: number) => {
            const buf = typeof data === 'string' ? Buffer.from(data) : data;
            return target.write(buf, off, Math.min(len ?? buf.length - off, 5));
          };
        }
        const v = Reflect.get(target, prop) as unknown;
        return typeof v === 'function' ? v.bind(target) : v;
      },
    }) as FileHandle;
    const log = AppendLog.over(path, short, { fsync: true });
    const rows = Array.from({ length: 20 }, (_, i) => `attempt${i},question${i},B,true,${1_700_000_000_000 + i}\n`);
    await Promise.all(rows.map((r) => log.append(r)));
    expect(await readFile(path, 'utf8')).toBe(rows.join(''));
    await log.close();
  } finally {
    await t.cleanup();
  }
});
