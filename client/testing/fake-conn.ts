// Test doubles of the app's connection source and file access, beside the FakeApi (fake-api.ts).
import { eventErrors } from '../../protocol/contract/validate.js';
import type { ConnSource, FileIO } from '../hooks/use-app.js';
import type { ConnState } from '../session.js';

/** A connection source the test can drive (online / reconnecting / events). */
export class FakeConn implements ConnSource {
  state: ConnState = {
    status: 'online',
    retries: 0,
    clockOffsetMs: 0,
    features: ['review', 'attempts', 'monitor', 'import-preview', 'users-admin'],
  };
  private fns = new Set<(s: ConnState) => void>();
  private evs = new Set<(n: string, d: Record<string, unknown>) => void>();
  subscribe(fn: (s: ConnState) => void) {
    this.fns.add(fn);
    return () => this.fns.delete(fn);
  }
  onEvent(fn: (n: string, d: Record<string, unknown>) => void) {
    this.evs.add(fn);
    return () => this.evs.delete(fn);
  }
  set(patch: Partial<ConnState>) {
    this.state = { ...this.state, ...patch };
    for (const f of this.fns) f(this.state);
  }
  /** Sends an event; a known event's data must fit the contract's schema (protocol/contract/live.ts). */
  emit(name: string, data: Record<string, unknown> = {}) {
    const errors = eventErrors(name, data);
    if (errors.length > 0)
      throw new Error(
        `FakeConn: this ${name} event is not what the server sends (protocol/contract):\n${errors.join('\n')}`,
      );
    for (const f of this.evs) f(name, data);
  }
}

export class MemFiles implements FileIO {
  files = new Map<string, string>();
  /** Paths that are folders (writing to one fails as client/files.ts does). */
  folders = new Set<string>();
  async read(path: string, onProgress: (d: number, t: number) => void) {
    const t = this.files.get(path);
    // Shaped like Node's error (client/files.ts resolves the path first).
    if (t === undefined)
      throw Object.assign(new Error(`ENOENT: no such file or directory, stat '/work/${path}'`), {
        code: 'ENOENT',
        path: `/work/${path}`,
      });
    onProgress(t.length, t.length);
    return t;
  }
  resolve(path: string) {
    return path.startsWith('/') ? path : `/work/${path}`;
  }
  async exists(path: string) {
    return this.folders.has(path) ? ('folder' as const) : this.files.has(path) ? ('file' as const) : undefined;
  }
  async write(
    path: string,
    text: string,
    onProgress: (d: number, t: number) => void,
    opts: { overwrite?: boolean } = {},
  ) {
    if (this.folders.has(path))
      throw Object.assign(new Error(`${this.resolve(path)} is a folder`), { code: 'EISDIR', path: this.resolve(path) });
    // Same refusal as client/files.ts: an existing file is replaced only when the admin said so.
    if (this.files.has(path) && !opts.overwrite)
      throw Object.assign(new Error(`EEXIST: ${this.resolve(path)} exists`), {
        code: 'EEXIST',
        path: this.resolve(path),
      });
    this.files.set(path, text);
    onProgress(text.length, text.length);
  }
}
