// When the proctor takes face templates (pure, no clock of its own: callers pass frame times).
// Enrolment: the first `enrolFrames` good frames (one face, big, sharp, lit) at least
// `enrolSpacingMs` apart within `enrolWindowMs` of the first frame, handed out once.
// Probes: attached to `present` PresenceEvents (PROTOCOL.md 8 `probe`): the first present event
// (the start, and after every absence), then at most every `probeEveryMs` and at least every
// `probeMaxGapMs` while present, each from a single-face frame no older than `freshMs`.
import type { PresenceEvent } from '../protocol/messages.js';
import { cropQuality, goodForEnrolment, templateOf, type Crop } from './identity.js';
import { IDENTITY_LIMITS } from './limits.js';

export interface SamplerConfig {
  enrol: boolean;
  enrolFrames: number;
  enrolSpacingMs: number;
  enrolWindowMs: number;
  probeEveryMs: number;
  /** A crop older than this at event time is not sent as the face in view. */
  freshMs: number;
}

export const DEFAULT_SAMPLER: SamplerConfig = {
  enrol: true,
  enrolFrames: IDENTITY_LIMITS.enrolFrames,
  enrolSpacingMs: IDENTITY_LIMITS.enrolSpacingMs,
  enrolWindowMs: IDENTITY_LIMITS.enrolWindowMs,
  probeEveryMs: IDENTITY_LIMITS.probeEveryMs,
  freshMs: 1_500,
};

export class IdentitySampler {
  private readonly cfg: SamplerConfig;
  private firstAt: number | null = null;
  private readonly enrolled: Uint8Array[] = [];
  private lastEnrolAt = -Infinity;
  private enrolDone: boolean;
  private latest: { at: number; crop: Crop } | null = null;
  private lastProbeAt = -Infinity;
  private wasPresent = false;

  constructor(config: Partial<SamplerConfig> = {}) {
    this.cfg = { ...DEFAULT_SAMPLER, ...config };
    this.enrolDone = !this.cfg.enrol;
  }

  /** Whether a crop of this single-face frame is wanted (so the proctor only cuts one when needed). */
  wantsCrop(at: number): boolean {
    if (this.firstAt === null) this.firstAt = at;
    if (!this.enrolDone && at - this.firstAt <= this.cfg.enrolWindowMs) return true;
    // Keep a fresh crop for the next present event once a probe may be due.
    return at - this.lastProbeAt >= this.cfg.probeEveryMs - this.cfg.freshMs || !this.wasPresent;
  }

  /** A raw crop of the one face in the frame at `at`, and the face's width in detector pixels. */
  offer(at: number, crop: Crop, faceWidthPx: number): void {
    this.latest = { at, crop };
    if (
      this.enrolDone ||
      this.enrolled.length >= this.cfg.enrolFrames ||
      this.firstAt === null ||
      at - this.firstAt > this.cfg.enrolWindowMs
    )
      return;
    if (at - this.lastEnrolAt < this.cfg.enrolSpacingMs || !goodForEnrolment(cropQuality(crop), faceWidthPx)) return;
    this.enrolled.push(templateOf(crop));
    this.lastEnrolAt = at;
  }

  /** The enrolment templates, once, when enough good frames were seen; else null. */
  takeEnrolment(): Uint8Array[] | null {
    if (this.enrolDone || this.enrolled.length < this.cfg.enrolFrames) return null;
    this.enrolDone = true;
    return this.enrolled.splice(0);
  }

  /** The event with a probe when one is due and a fresh crop exists. */
  attach(e: PresenceEvent): PresenceEvent {
    if (e.state !== 'present') {
      this.wasPresent = false;
      return e;
    }
    const due = !this.wasPresent || e.at - this.lastProbeAt >= this.cfg.probeEveryMs;
    const fresh = this.latest !== null && Math.abs(e.at - this.latest.at) <= this.cfg.freshMs;
    if (!due || !fresh) return e;
    this.wasPresent = true;
    this.lastProbeAt = e.at;
    return { ...e, probe: templateOf(this.latest!.crop) };
  }
}
