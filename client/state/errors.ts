// One-line error messages that say what happened and what to do (CONVENTIONS.md habit 4).
// Programs match on codes (PROTOCOL.md 5), never on message text.
import { AppError, ProtocolError } from '../../protocol/errors.js';

const APP_HINT: Record<string, string> = {
  BAD_REQUEST: 'check the fields and try again',
  UNAUTHENTICATED: 'log in again',
  FORBIDDEN: 'log in with a role that may do this',
  AUTH_FAILED: 'check name, password and role',
  RATE_LIMITED: 'wait a little, then try again',
  NOT_FOUND: 'reload (r) and pick again',
  CONFLICT: 'it changed meanwhile: reload (r), redo',
  EXPIRED: 'the time is up; your answers so far are kept',
  INTERNAL: 'try again; if it repeats, tell the admin',
};

const PROTOCOL_HINT: Record<string, string> = {
  CONNECT_FAILED: 'is the server running? check --host and --port',
  HANDSHAKE_TIMEOUT: 'the server did not answer in time; check the address and try again',
  REQUEST_TIMEOUT: 'the server is slow or unreachable; try again',
  CONNECTION_CLOSED: 'reconnecting; try again in a moment',
  SERVER_KEY_MISMATCH: 'the server key changed: do not log in; ask the admin',
  FRAME_TOO_LARGE: 'send less at once (split the file)',
};

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim().replace(/[.]$/, '');
}

export function errorLine(e: unknown): string {
  // The code is for programs (PROTOCOL.md 5); people get the message and what to do.
  // Server messages in the form "what; what to do" already carry the advice.
  if (e instanceof AppError)
    return /; /.test(e.message) ? oneLine(e.message) : `${oneLine(e.message)} — ${APP_HINT[e.code] ?? 'try again'}`;
  if (e instanceof ProtocolError) {
    const msg = oneLine(e.message);
    // Session already phrases connection loss of unsafe commands with what to do.
    if (msg.includes(' then ') || msg.includes(': check')) return msg;
    return `${msg} — ${PROTOCOL_HINT[e.code] ?? 'reconnecting; try again in a moment'}`;
  }
  if (e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
    const code = (e as { code: string }).code;
    const msg = e instanceof Error ? oneLine(e.message) : code;
    // File errors name the path (client/files.ts resolves it, so it shows where it looked) in
    // words, not as "ENOENT: no such file or directory, stat '...'".
    const path = (e as { path?: unknown }).path;
    if (typeof path === 'string' && path !== '') {
      if (code === 'ENOENT') return `${path} does not exist — check the path`;
      if (code === 'EACCES' || code === 'EPERM') return `no permission for ${path} — choose a path you may read/write`;
      if (code === 'EISDIR') return `${path} is a folder — type the path of a file`;
      if (code === 'EEXIST') return `${path} already exists — choose another name, or confirm to replace it`;
      if (code === 'ENOTDIR') return `part of ${path} is not a folder — check the path`;
    }
    if (code === 'ENOENT') return `${msg} — check the path`;
    if (code === 'EACCES') return `${msg} — choose a path you may read/write`;
  }
  return `${oneLine(e instanceof Error ? e.message : String(e))} — try again`;
}

export function isCode(e: unknown, code: string): boolean {
  return (e instanceof AppError || e instanceof ProtocolError) && e.code === code;
}
