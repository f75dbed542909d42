// Node file I/O for import / export, with progress callbacks (the seam is FileIO in hooks/use-app.ts).
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { FileIO } from './hooks/use-app.js';

const CHUNK = 64 * 1024;

export const nodeFiles: FileIO = {
  async read(path, onProgress) {
    const full = resolve(path);
    const { size } = await stat(full);
    const parts: Buffer[] = [];
    let done = 0;
    for await (const chunk of createReadStream(full, { highWaterMark: CHUNK })) {
      parts.push(chunk as Buffer);
      done += (chunk as Buffer).length;
      onProgress(done, size);
    }
    return Buffer.concat(parts).toString('utf8');
  },
  async write(path, text, onProgress) {
    const data = Buffer.from(text, 'utf8');
    // Write next to the target and rename, so a failed export never leaves half a file behind.
    const full = resolve(path);
    // A missing folder would otherwise be reported as the temporary file's path.
    await stat(dirname(full));
    const tmp = `${full}.${process.pid}.part`;
    const fh = await open(tmp, 'w', 0o644);
    try {
      for (let off = 0; off < data.length; off += CHUNK) {
        await fh.write(data, off, Math.min(CHUNK, data.length - off));
        onProgress(Math.min(data.length, off + CHUNK), data.length);
      }
      if (data.length === 0) onProgress(0, 0);
      await fh.sync();
    } finally {
      await fh.close();
    }
    const { rename } = await import('node:fs/promises');
    await rename(tmp, full);
  },
};
