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

/** Identity verification on the proctor side (proctor/identity*.ts; why these values: docs/proctor.md "Identity"). */
export const IDENTITY_LIMITS = {
  /** Enrolment: good frames wanted, taken at least this far apart, within the first enrolWindowMs. */
  enrolFrames: 5,
  enrolSpacingMs: 400,
  enrolWindowMs: 60_000,
  /** A face narrower than this (px in the detector's downscaled frame, 480 wide) is too small to enrol from. */
  enrolMinFacePx: 60,
  /** Laplacian variance of the 64x64 crop below this is blurred (measured: sharp fixture crops 300-2000). */
  enrolMinSharpness: 60,
  enrolMinBrightness: 40,
  enrolMaxBrightness: 220,
  /** Probes: at least this far apart; the issue asks for at least one every 30 s while present. */
  probeEveryMs: 2_000,
  probeMaxGapMs: 30_000,
  /** Probes per presence.report: 6 of at most 6.4 KB plus 200 plain events stay under the 64 KiB student frame (PROTOCOL.md 4). */
  maxProbesPerBatch: 6,
  /** A proctor line carrying a base64 probe: 6.4 KB of template is ~8.5 KB of base64. */
  maxProbeLineBytes: 16 * 1024,
  /** The enrolment line: enrolFrames templates of at most 16 KiB, in base64. */
  maxEnrolLineBytes: 128 * 1024,
} as const;
