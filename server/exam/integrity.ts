// Integrity summary of one attempt (its presence record): pure, from the stored presence events.
// Every point of the review priority is listed with its reason so an admin sees why an attempt
// ranks where it does. Rules, clock choice and the points table: docs/analytics.md "Integrity".
import {
  absoluteIntervals,
  findSilences,
  placeEvents,
  PRESENCE_RULES,
  seconds,
  type IntegrityInput,
  type PresenceInterval,
  type Silence,
} from './integrity-timeline.js';
import { identitySummary, type IdentitySummary } from './identity-verdict.js';

export type { IntegrityEvent, IntegrityInput, PresenceInterval, Silence, TimelineState } from './integrity-timeline.js';
export { PRESENCE_RULES } from './integrity-timeline.js';

export interface Contribution {
  reason: string;
  points: number;
}

export type ReviewLevel = 'low' | 'medium' | 'high';

export interface IntegritySummary {
  proctored: boolean;
  /** Distinct events (by seq). */
  events: number;
  /** Server ms minus proctor ms applied to `at`; null without events. */
  clockOffsetMs: number | null;
  secondsAbsent: number;
  /** Absences lasting at least briefAbsenceMs; shorter ones are detector flicker, counted apart. */
  absences: number;
  briefAbsences: number;
  secondsMultiple: number;
  multipleEpisodes: number;
  maxFaces: number;
  silences: Silence[];
  secondsSilent: number;
  cameraErrors: number;
  secondsCameraError: number;
  stopped: number;
  secondsStopped: number;
  /** Time the proctor was stopped, unavailable (camera error) or silent: nobody watched. */
  secondsUnwatched: number;
  /** Identity verification (PROTOCOL.md 8): counts and "different person" intervals, never distances. */
  identity: IdentitySummary;
  priority: { score: number; level: ReviewLevel; contributions: Contribution[] };
}

export const INTEGRITY_RULES = {
  briefAbsenceMs: 3_000,
  /** score < medium: low; < high: medium; otherwise high. */
  levels: { medium: 20, high: 50 },
  /** More than this share of a proctored attempt unwatched makes it high priority on its own. */
  unwatchedShare: 0.5,
} as const;

/** The admin timeline: state intervals in ms relative to startedAt, adjacent equal states merged. */
export function presenceIntervals(input: IntegrityInput): PresenceInterval[] {
  const { placed } = placeEvents(input.events);
  return absoluteIntervals(placed, input.startedAt, input.endedAt).map((iv) => ({
    state: iv.state,
    from: iv.from - input.startedAt,
    to: iv.to - input.startedAt,
  }));
}

export function integritySummary(input: IntegrityInput): IntegritySummary {
  const { startedAt, endedAt, proctored } = input;
  const { placed, offsetMs } = placeEvents(input.events);
  const intervals = absoluteIntervals(placed, startedAt, endedAt);

  let absentMs = 0;
  let absences = 0;
  let briefAbsences = 0;
  let multipleMs = 0;
  let multipleEpisodes = 0;
  let cameraErrorMs = 0;
  let cameraErrors = 0;
  let stoppedMs = 0;
  let stopped = 0;
  let unwatchedMs = 0;
  for (const iv of intervals) {
    const d = iv.to - iv.from;
    if (iv.state === 'stopped' || iv.state === 'camera-error' || iv.state === 'no-data') unwatchedMs += d;
    switch (iv.state) {
      case 'absent':
        absentMs += d;
        if (d >= INTEGRITY_RULES.briefAbsenceMs) absences++;
        else briefAbsences++;
        break;
      case 'multiple':
        multipleMs += d;
        multipleEpisodes++;
        break;
      case 'camera-error':
        cameraErrorMs += d;
        cameraErrors++;
        break;
      case 'stopped':
        stoppedMs += d;
        stopped++;
        break;
      default:
        break;
    }
  }
  let maxFaces = 0;
  for (const e of placed) if (e.t >= startedAt && e.t <= endedAt && e.faces > maxFaces) maxFaces = e.faces;
  const silences = findSilences(placed, startedAt, endedAt);
  let silentMs = 0;
  for (const s of silences) silentMs += s.to - s.from;

  const summary: Omit<IntegritySummary, 'priority'> = {
    proctored,
    events: input.eventCount ?? placed.length,
    clockOffsetMs: input.clockOffsetMs !== undefined ? input.clockOffsetMs : offsetMs,
    secondsAbsent: seconds(absentMs),
    absences,
    briefAbsences,
    secondsMultiple: seconds(multipleMs),
    multipleEpisodes,
    maxFaces,
    silences,
    secondsSilent: seconds(silentMs),
    cameraErrors,
    secondsCameraError: seconds(cameraErrorMs),
    stopped,
    secondsStopped: seconds(stoppedMs),
    secondsUnwatched: seconds(unwatchedMs),
    // Probes carry proctor-clock times: placed with the offset the presence events were placed with.
    identity: identitySummary(
      input.identity ?? [],
      input.clockOffsetMs !== undefined ? input.clockOffsetMs : offsetMs,
      startedAt,
      endedAt,
    ),
  };
  const contributions = proctored ? reviewContributions(summary, endedAt - startedAt) : [];
  const score = contributions.reduce((n, c) => n + c.points, 0);
  const { medium, high } = INTEGRITY_RULES.levels;
  const level: ReviewLevel = score >= high ? 'high' : score >= medium ? 'medium' : 'low';
  return { ...summary, priority: { score, level, contributions } };
}

/** One rule of the points table: `per` points for every `unit` of the measure, at most `cap`. */
function rule(
  out: Contribution[],
  measure: number,
  per: number,
  unit: number,
  cap: number,
  what: string,
  how: string,
): void {
  const points = Math.min(cap, Math.floor(measure / unit) * per);
  if (points > 0) out.push({ reason: `${what} (${how}, at most ${cap})`, points });
}

/**
 * The review priority of a proctored attempt. Unproctored attempts score 0: nobody was asked to be
 * on camera, so nothing the optional proctor saw is held against them.
 */
function reviewContributions(s: Omit<IntegritySummary, 'priority'>, durationMs: number): Contribution[] {
  const out: Contribution[] = [];
  if (s.events === 0) {
    // The whole attempt is one silence; say so once instead of as a silence.
    if (durationMs > PRESENCE_RULES.silenceMs) {
      out.push({
        reason: `no proctor report at all during a proctored attempt of ${seconds(durationMs)} s`,
        points: 60,
      });
    }
    return out;
  }
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  rule(
    out,
    s.multipleEpisodes,
    10,
    1,
    30,
    `${plural(s.multipleEpisodes, 'time', 'times')} several faces in view`,
    '10 points each',
  );
  rule(out, s.secondsMultiple, 1, 5, 30, `${s.secondsMultiple} s with several faces`, '1 point per 5 s');
  rule(
    out,
    s.absences,
    4,
    1,
    20,
    `${plural(s.absences, 'absence', 'absences')} of ${INTEGRITY_RULES.briefAbsenceMs / 1000} s or more`,
    '4 points each',
  );
  rule(out, s.secondsAbsent, 1, 10, 30, `${s.secondsAbsent} s absent in total`, '1 point per 10 s');
  rule(
    out,
    s.briefAbsences,
    1,
    5,
    5,
    `${plural(s.briefAbsences, 'brief absence', 'brief absences')} under ${INTEGRITY_RULES.briefAbsenceMs / 1000} s`,
    '1 point per 5',
  );
  rule(
    out,
    s.silences.length,
    5,
    1,
    20,
    `${plural(s.silences.length, 'proctor silence', 'proctor silences')} over ${PRESENCE_RULES.silenceMs / 1000} s`,
    '5 points each',
  );
  rule(out, s.secondsSilent, 1, 30, 20, `${s.secondsSilent} s without proctor reports`, '1 point per 30 s');
  rule(out, s.cameraErrors, 5, 1, 15, `${plural(s.cameraErrors, 'camera error', 'camera errors')}`, '5 points each');
  rule(out, s.secondsCameraError, 1, 30, 15, `${s.secondsCameraError} s with the camera failing`, '1 point per 30 s');
  rule(out, s.stopped, 10, 1, 30, `proctor stopped ${plural(s.stopped, 'time', 'times')}`, '10 points each');
  rule(out, s.secondsStopped, 1, 30, 20, `${s.secondsStopped} s with the proctor stopped`, '1 point per 30 s');
  // The points above are capped per kind, so a proctor that never really ran could total "low":
  // an attempt mostly unwatched is high priority by itself (docs/analytics.md "Integrity").
  const unwatchedMs = s.secondsUnwatched * 1000;
  if (durationMs > PRESENCE_RULES.silenceMs && unwatchedMs > durationMs * INTEGRITY_RULES.unwatchedShare) {
    out.push({
      reason: `proctor stopped, unavailable or silent for ${s.secondsUnwatched} s of ${seconds(durationMs)} s (over ${INTEGRITY_RULES.unwatchedShare * 100}% of the attempt: high by itself)`,
      points: INTEGRITY_RULES.levels.high,
    });
  }
  // Someone other than the enrolled student in view: one interval alone makes the attempt high priority.
  const dp = s.identity.differentPerson.length;
  rule(
    out,
    dp,
    50,
    1,
    100,
    `${plural(dp, 'time', 'times')} a different person than the enrolled student`,
    '50 points each',
  );
  return out;
}
