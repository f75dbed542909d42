// Errors as classes with a stable `code` (PROTOCOL.md 5); programs match on `code`, never on messages.

/** The application error codes of PROTOCOL.md section 5, carried in `res.error.code`. */
export const ERROR_CODES = [
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'AUTH_FAILED',
  'RATE_LIMITED',
  'NOT_FOUND',
  'CONFLICT',
  'EXPIRED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error answered to one request (`res` with `ok: false`); the connection stays open. */
export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
}

/** Local-only codes for failures of the channel itself (these close the connection, no reply). */
export type ProtocolErrorCode =
  | 'BAD_PREAMBLE'
  | 'HANDSHAKE_FAILED'
  | 'HANDSHAKE_TIMEOUT'
  | 'WEAK_KEY'
  | 'SERVER_KEY_MISMATCH'
  | 'FRAME_TOO_LARGE'
  | 'DECRYPT_FAILED'
  | 'BAD_MESSAGE'
  | 'IDLE_TIMEOUT'
  | 'REQUEST_TIMEOUT'
  | 'CONNECTION_CLOSED'
  | 'CONNECT_FAILED';

/** A failure of the encrypted channel; the connection is (or is about to be) closed. */
export class ProtocolError extends Error {
  readonly code: ProtocolErrorCode;
  constructor(code: ProtocolErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProtocolError';
    this.code = code;
  }
}
