// The package itself: where its own files (data/, cascades/, proctor/fixtures/) live, and its
// version. A leaf module (it imports only node:), so server/, client/ and proctor/ use it without
// importing anything from cli/ (CONVENTIONS.md: imports point down or sideways, never up).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * A module runs either from the sources (<root>/common/package.ts) or compiled
 * (<root>/dist/common/package.js), so walk up to the directory holding package.json beside data/
 * instead of counting `..`.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'data'))) return (cached = dir);
    const up = dirname(dir);
    if (up === dir)
      throw new Error('cannot find the pandaproctor package root (package.json beside data/); reinstall the package');
    dir = up;
  }
}

/** package.json's version: the one number to change at a release. */
export const VERSION: string = (
  JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }
).version;
/** welcome.server (PROTOCOL.md 5). */
export const SERVER_NAME = `pandaproctor/${VERSION}`;
