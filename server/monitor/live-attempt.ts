// What an invigilator sees of one attempt (PROTOCOL.md 8 AttemptSummary / LiveAttempt), built from
// the in-memory attempt. The presence state and the alerts are derived from the stored presence
// rows in arrival order, incrementally: a tracker per attempt remembers how far it has read.
import type { PresenceState } from '../../protocol/messages.js';
import { integritySummary } from '../exam/integrity.js';
import { PRESENCE_RULES } from '../exam/integrity-timeline.js';
import { grade, integrityInput } from '../exam/view.js';
import { MONITOR_LIMITS } from '../limits.js';
import type { AttemptState } from '../store/model.js';

/** `silent`: a proctored attempt without a report for 15 s (PROTOCOL.md 8); `none`: no proctor report yet. */
export type LiveState = PresenceState | 'silent' | 'none';
export type AlertKind = 'absent' | 'multiple' | 'stopped' | 'camera-error' | 'silent' | 'disconnected';
export interface Alert { kind: AlertKind; at: number }

export interface AttemptSummary {
  attemptId: string;
  student: string;
  course: string;
  state: 'open' | 'finished' | 'expired';
  started: number;
  deadline: number;
  finished?: number;
  answered: number;
  total: number;
  score?: number;
  percent?: number;
  proctored: boolean;
  review: { level: string; points: number };
}

export interface LiveAttempt extends AttemptSummary {
  connected: boolean;
  presence: { state: LiveState; since: number };
  alerts: Alert[];
}

interface Track {
  scanned: number;
  state: LiveState;
  since: number;
  lastHeard: number | null;
  silent: boolean;
  alerts: Alert[];
}

const ALERT_STATES = new Set<string>(['absent', 'multiple', 'stopped', 'camera-error']);
const tracks = new WeakMap<AttemptState, Track>();

function pushAlert(t: Track, kind: AlertKind, at: number): void {
  t.alerts.push({ kind, at });
  if (t.alerts.length > MONITOR_LIMITS.alertsKept) t.alerts.splice(0, t.alerts.length - MONITOR_LIMITS.alertsKept);
}

/** The tracker of `a`, advanced over the presence rows stored since it last looked. */
function track(a: AttemptState): Track {
  let t = tracks.get(a);
  if (!t) tracks.set(a, (t = { scanned: 0, state: 'none', since: a.startedAt, lastHeard: null, silent: false, alerts: [] }));
  for (; t.scanned < a.presence.length; t.scanned++) {
    const row = a.presence[t.scanned];
    const heardBefore = t.lastHeard ?? (a.proctored ? a.startedAt : null);
    // A gap seen only afterwards (nobody was watching) still counts as a silence.
    if (!t.silent && t.state !== 'stopped' && heardBefore !== null && row.receivedAt - heardBefore >= PRESENCE_RULES.silenceMs) {
      pushAlert(t, 'silent', heardBefore + PRESENCE_RULES.silenceMs);
    }
    t.lastHeard = row.receivedAt;
    // A new state (or any state after a silence) starts a run; an alarming one is an alert.
    if (t.silent || row.state !== t.state) {
      if (ALERT_STATES.has(row.state)) pushAlert(t, row.state as AlertKind, row.receivedAt);
      t.state = row.state;
      t.since = row.receivedAt;
    }
    t.silent = false;
  }
  return t;
}

/**
 * Marks `a` silent once no report has arrived for 15 s (PROTOCOL.md 8). Only proctored attempts:
 * an unproctored student was never asked to run a proctor. True when the state changed now.
 */
export function checkSilence(a: AttemptState, now: number): boolean {
  if (!a.proctored || a.finish) return false;
  const t = track(a);
  // A stopped proctor sends no heartbeats by design: 'stopped' says more than 'silent' (as in the timeline).
  if (t.state === 'stopped') return false;
  const heard = t.lastHeard ?? a.startedAt;
  if (t.silent || now - heard < PRESENCE_RULES.silenceMs) return false;
  t.silent = true;
  pushAlert(t, 'silent', heard + PRESENCE_RULES.silenceMs);
  return true;
}

/** Records that the student's last connection went away while `a` was open. */
export function noteDisconnect(a: AttemptState, now: number): void {
  pushAlert(track(a), 'disconnected', now);
}

export function attemptState(a: AttemptState): AttemptSummary['state'] {
  return a.finish ? (a.finish.reason === 'expired' ? 'expired' : 'finished') : 'open';
}

/** Answers on disk: one still being written may yet fail and then was never given (PROTOCOL.md 6). */
function acknowledged(a: AttemptState): number {
  let n = 0;
  for (const ans of a.answers.values()) if (!ans.durable) n++;
  return n;
}

export function attemptSummary(a: AttemptState, now: number): AttemptSummary {
  const integrity = integritySummary(integrityInput(a, now));
  const out: AttemptSummary = {
    attemptId: a.attemptId,
    student: a.username,
    course: a.course,
    state: attemptState(a),
    started: a.startedAt,
    deadline: a.deadline,
    answered: acknowledged(a),
    total: a.items.length,
    proctored: a.proctored,
    review: { level: integrity.priority.level, points: integrity.priority.score },
  };
  if (a.finish) {
    const g = grade(a);
    Object.assign(out, { finished: a.finish.at, score: g.score, percent: g.percent });
  }
  return out;
}

export function liveAttempt(a: AttemptState, now: number, connected: boolean): LiveAttempt {
  const t = track(a);
  const presence = t.silent ? { state: 'silent' as const, since: t.lastHeard ?? a.startedAt } : { state: t.state, since: t.since };
  return { ...attemptSummary(a, now), connected, presence, alerts: t.alerts.slice() };
}
