// What an invigilator sees of one attempt (PROTOCOL.md 8 AttemptSummary / LiveAttempt), built from
// the in-memory attempt. The presence state and the alerts are derived from the stored presence
// rows in arrival order, incrementally: a tracker per attempt remembers how far it has read.
import type { AttemptSummary, PresenceState } from '../../protocol/messages.js';
import { attemptSummary } from '../exam/summary.js';
import type { IdentityRow } from '../store/identity-log.js';
import { PRESENCE_RULES } from '../exam/integrity-timeline.js';
import { MONITOR_LIMITS } from '../limits.js';
import type { AttemptState } from '../store/model.js';

/** `silent`: a proctored attempt without a report for 15 s (PROTOCOL.md 8); `none`: no proctor report yet. */
export type LiveState = PresenceState | 'silent' | 'none';
export type AlertKind =
  'absent' | 'multiple' | 'stopped' | 'camera-error' | 'silent' | 'disconnected' | 'different-person';
export interface Alert {
  kind: AlertKind;
  at: number;
}

export interface LiveAttempt extends AttemptSummary {
  connected: boolean;
  presence: { state: LiveState; since: number };
  /** Face verification (PROTOCOL.md 8): the latest verdict, or `enrolling` before the enrolment. */
  identity?: 'match' | 'mismatch' | 'unclear' | 'enrolling';
  alerts: Alert[];
}

/** What face verification adds to a live attempt (handlers/identity.ts liveIdentity). */
export interface LiveIdentity {
  rows: IdentityRow[];
  identity?: LiveAttempt['identity'];
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
  if (!t)
    tracks.set(a, (t = { scanned: 0, state: 'none', since: a.startedAt, lastHeard: null, silent: false, alerts: [] }));
  // `presence` keeps only the newest events (PRESENCE_LIMITS.recentInMemory); `presenceCount` counts
  // them all, so the rows not seen yet are the last (presenceCount - scanned) of them.
  const unseen = a.presenceCount - t.scanned;
  const rows = unseen > 0 ? a.presence.slice(Math.max(0, a.presence.length - unseen)) : [];
  t.scanned = a.presenceCount;
  for (const row of rows) {
    const heardBefore = t.lastHeard ?? (a.proctored ? a.startedAt : null);
    // A gap seen only afterwards (nobody was watching) still counts as a silence.
    if (
      !t.silent &&
      t.state !== 'stopped' &&
      heardBefore !== null &&
      row.receivedAt - heardBefore >= PRESENCE_RULES.silenceMs
    ) {
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

export function liveAttempt(a: AttemptState, now: number, connected: boolean, id?: LiveIdentity): LiveAttempt {
  const t = track(a);
  const presence = t.silent
    ? { state: 'silent' as const, since: t.lastHeard ?? a.startedAt }
    : { state: t.state, since: t.since };
  const alerts =
    id && id.alerts.length > 0
      ? [...t.alerts, ...id.alerts].sort((x, y) => x.at - y.at).slice(-MONITOR_LIMITS.alertsKept)
      : t.alerts.slice();
  return {
    ...attemptSummary(a, now, id?.rows),
    connected,
    presence,
    ...(id?.identity ? { identity: id.identity } : {}),
    alerts,
  };
}
