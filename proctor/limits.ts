// Every size, delay and rate of the proctor side in one place (CONVENTIONS.md habit 2).

export const FORWARDER_LIMITS = {
  /** Events per presence.report: ~60 B each in msgpack, so 200 stay far below the 64 KiB student frame (PROTOCOL.md 4). */
  maxBatch: 200,
  /** Wait this long after the first queued event so a burst goes out as one report. */
  batchDelayMs: 250,
  /** Retry a failed report after this long, doubling up to maxRetryMs (the client reconnects meanwhile). */
  retryMs: 500,
  maxRetryMs: 10_000,
  /** Unacked events kept while the server is unreachable (~3 h of 1 event/s); the oldest go first. */
  maxQueue: 10_000,
} as const;

export const LINK_LIMITS = {
  /** First restart delay after the proctor dies; doubles per quick death up to maxBackoffMs. */
  backoffMs: 1000,
  maxBackoffMs: 30_000,
  /** A child that ran this long is considered healthy: the next restart starts from backoffMs again. */
  healthyAfterMs: 30_000,
  /** SIGTERM, then SIGKILL after this long. */
  killGraceMs: 2000,
  /** Longest stdout line accepted from the child (a PresenceEvent is ~70 B). */
  maxLineBytes: 4096,
  /** stderr kept for the unavailable reason. */
  stderrTailBytes: 4096,
} as const;

/** Presence hysteresis and heartbeats (proctor/presence.ts; why these values: docs/proctor.md). */
export const PRESENCE_THRESHOLDS = {
  absentAfterMs: 1800,
  multipleAfterMs: 1000,
  presentAfterMs: 600,
  cameraErrorAfterMs: 2000,
  heartbeatMs: 3000,
  /** PROTOCOL.md 6: a heartbeat at least every 5 s. */
  heartbeatMaxMs: 5000,
  fpsWindowMs: 5000,
  /** How often a camera proctor advances the state machine when no frame arrives. */
  silentTickMs: 500,
} as const;
