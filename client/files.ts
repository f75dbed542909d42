// Node file I/O for import / export, with progress callbacks (the seam is FileIO in hooks/use-app.ts).
// Safe-file rules: a path is shown resolved (the admin sees exactly where), an existing file is
// replaced only when the caller says so (the screen asks first), and a failed write leaves neither
// half a file nor a stray `.part` behind.
import { createReadStream } from 'node:fs';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { FileIO } from './hooks/use-app.js';

const CHUNK = 64 * 1024;

/** Shaped like Node's own errors so client/state/errors.ts words it with the path. */
function fileError(code: string, path: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code, path });
}

export const nodeFiles: FileIO = {
  resolve: (path) => resolve(path),
  async exists(path) {
    return stat(resolve(path)).then(
      (st) => (st.isDirectory() ? ('folder' as const) : ('file' as const)),
      () => undefined,
    );
  },
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
  async write(path, text, onProgress, opts = {}) {
    const data = Buffer.from(text, 'utf8');
    const full = resolve(path);
    // A missing folder would otherwise be reported as the temporary file's path.
    await stat(dirname(full));
    const target = await stat(full).catch(() => undefined);
    if (target?.isDirectory()) throw fileError('EISDIR', full, `${full} is a folder`);
    if (target && !opts.overwrite) throw fileError('EEXIST', full, `${full} exists`);
    // Write next to the target and rename, so a failed export never leaves half a file behind.
    const tmp = `${full}.${process.pid}.part`;
    const fh = await open(tmp, 'wx', 0o644);
    try {
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
      await rename(tmp, full);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      // The admin never typed the temporary name: report the file they asked for.
      const e = err as NodeJS.ErrnoException;
      if (e.path === tmp) e.path = full;
      throw err;
    }
  },
};
