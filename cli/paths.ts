// Where the package's own files (data/, cascades/, proctor/fixtures/) live. A module runs either from
// the sources (<root>/client/x.ts) or compiled (<root>/dist/client/x.js), so walk up from it to the
// directory holding package.json instead of counting `..`.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'data'))) return (cached = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the pandaproctor package root (package.json beside data/); reinstall the package');
    dir = up;
  }
}
