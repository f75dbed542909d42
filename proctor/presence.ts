// The presence state machine: pure, no I/O, no clock of its own. Callers feed it one observation
// per analysed frame (or a failed read) with the time it happened, and `tick(now)` when no frame
// arrived; it returns the PresenceEvents to publish (PROTOCOL.md 6).
//
// Hysteresis (docs/proctor.md): an observation only becomes the state after it has held without a
// break for the dwell time of that state, so a face lost for a moment is not an absence. A
// confirmed change is stamped with the time its streak began (its onset), not the time it was
// confirmed, so the timeline shows when the student actually left; the delay only affects when
// the event is published. Heartbeats are held back while a change is pending so `at` never goes
// backwards, but never longer than `heartbeatMaxMs`.
import type { PresenceEvent, PresenceState } from '../protocol/messages.js';
import { PRESENCE_THRESHOLDS } from './limits.js';

/** A frame the detector analysed (`faces` found) or a frame the source could not deliver. */
export type Observation = { at: number; faces: number } | { at: number; error: string };

export interface PresenceConfig {
  /** A face must be missing this long (ms, continuous) before `absent` is reported. */
  absentAfterMs: number;
  /** Two or more faces this long before `multiple`. */
  multipleAfterMs: number;
  /** Exactly one face this long before `present` (after absent / multiple / error). */
  presentAfterMs: number;
  /** Failed reads (or no frame at all) this long before `camera-error`. */
  cameraErrorAfterMs: number;
  /** A heartbeat is sent after this long without an event, unless a change is pending. */
  heartbeatMs: number;
  /** ... and after this long in any case (PROTOCOL.md 6: at least every 5 s). */
  heartbeatMaxMs: number;
  /** Window for the `fps` figure (analysed frames per second of proctor clock). */
  fpsWindowMs: number;
}

// Why these values: docs/proctor.md. In short, the detector misses a present face for single
// frames (measured on the test video), a glance away or a turned head lasts about a second, and a
// student who leaves stays away for seconds; 1.8 s separates the two (and catches a 2.0 s absence
// at 5 fps: 10 empty frames span 1.8 s) while keeping the onset exact.
export const DEFAULT_PRESENCE_CONFIG: PresenceConfig = {
  absentAfterMs: PRESENCE_THRESHOLDS.absentAfterMs,
  multipleAfterMs: PRESENCE_THRESHOLDS.multipleAfterMs,
  presentAfterMs: PRESENCE_THRESHOLDS.presentAfterMs,
  cameraErrorAfterMs: PRESENCE_THRESHOLDS.cameraErrorAfterMs,
  heartbeatMs: PRESENCE_THRESHOLDS.heartbeatMs,
  heartbeatMaxMs: PRESENCE_THRESHOLDS.heartbeatMaxMs,
  fpsWindowMs: PRESENCE_THRESHOLDS.fpsWindowMs,
};

type Observed = Exclude<PresenceState, 'stopped'>;

export function classify(o: Observation): Observed {
  if ('error' in o) return 'camera-error';
  if (o.faces === 0) return 'absent';
  return o.faces === 1 ? 'present' : 'multiple';
}

export class PresenceMachine {
  private readonly cfg: PresenceConfig;
  private state: Observed | null = null;
  private candidate: Observed | null = null;
  private candidateSince = 0;
  private lastFaces = 0;
  private lastObservationAt: number | null = null;
  private lastEmittedAt: number | null = null;
  private seq = 0;
  private readonly frameTimes: number[] = [];
  private lastError = '';

  constructor(config: Partial<PresenceConfig> = {}) {
    this.cfg = { ...DEFAULT_PRESENCE_CONFIG, ...config };
  }

  get current(): Observed | null {
    return this.state;
  }

  /** The reason of the last failed read (for logs). */
  get lastErrorReason(): string {
    return this.lastError;
  }

  observe(o: Observation): PresenceEvent[] {
    const kind = classify(o);
    if ('error' in o) this.lastError = o.error;
    else {
      this.lastFaces = o.faces;
      this.frameTimes.push(o.at);
    }
    this.lastObservationAt = o.at;
    if (kind !== this.candidate) {
      this.candidate = kind;
      this.candidateSince = o.at;
    }
    return this.advance(o.at);
  }

  /** Call when time passes without frames: a silent camera becomes `camera-error`. */
  tick(now: number): PresenceEvent[] {
    const silentSince = this.lastObservationAt ?? this.candidateSinceOrStart(now);
    if (now - silentSince >= this.cfg.cameraErrorAfterMs && this.candidate !== 'camera-error') {
      this.candidate = 'camera-error';
      this.candidateSince = silentSince;
      this.lastError = 'no frame from the camera';
    }
    return this.advance(now);
  }

  private startedAt: number | null = null;
  private candidateSinceOrStart(now: number): number {
    if (this.startedAt === null) this.startedAt = now;
    return this.startedAt;
  }

  private dwell(kind: Observed): number {
    switch (kind) {
      case 'absent':
        return this.cfg.absentAfterMs;
      case 'multiple':
        return this.cfg.multipleAfterMs;
      case 'present':
        return this.cfg.presentAfterMs;
      case 'camera-error':
        return this.cfg.cameraErrorAfterMs;
    }
  }

  private advance(now: number): PresenceEvent[] {
    const out: PresenceEvent[] = [];
    const pending = this.candidate !== null && this.candidate !== this.state;
    if (pending && now - this.candidateSince >= this.dwell(this.candidate!)) {
      this.state = this.candidate;
      // Onset time, but never before something already published (keeps `at` monotonic).
      const at = Math.max(this.candidateSince, this.lastEmittedAt ?? -Infinity);
      out.push(this.emit(at, now));
      return out;
    }
    if (this.state === null || this.lastEmittedAt === null) return out;
    const since = now - this.lastEmittedAt;
    if ((since >= this.cfg.heartbeatMs && !pending) || since >= this.cfg.heartbeatMaxMs) {
      out.push(this.emit(now, now)); // PROTOCOL.md 6: unchanged state = heartbeat
    }
    return out;
  }

  private emit(at: number, now: number): PresenceEvent {
    this.lastEmittedAt = at;
    const faces = this.state === 'camera-error' ? 0 : this.lastFaces;
    return { seq: ++this.seq, at, state: this.state!, faces, fps: this.fps(now) };
  }

  private fps(now: number): number {
    const from = now - this.cfg.fpsWindowMs;
    while (this.frameTimes.length > 0 && this.frameTimes[0] < from) this.frameTimes.shift();
    const n = this.frameTimes.length;
    if (n < 2) return 0;
    const span = Math.max(now - this.frameTimes[0], 1);
    return Math.round(((n - 1) * 1000 * 10) / span) / 10;
  }
}
