// The Live screen's state (PROTOCOL.md 8 LiveAttempt), pure: normalising the server's shapes, merging
// pushed updates, ordering by what needs attention, and the form for extend / end / notice.
import type { EventOf, ResultOf } from '../../protocol/contract/index.js';
import { MONITOR_ARG_LIMITS } from '../../protocol/contract/limits.js';
import { editField, type EditKey } from './text-field.js';

export type LiveState = 'present' | 'absent' | 'multiple' | 'camera-error' | 'stopped' | 'silent' | 'none';

export interface LiveRow {
  attemptId: string;
  student: string;
  course: string;
  state: string;
  started: number;
  deadline: number;
  answered: number;
  total: number;
  proctored: boolean;
  review: { level: string; points: number };
  connected: boolean;
  presence: { state: LiveState; since: number };
  /** Face verification's latest verdict (PROTOCOL.md 8), when the server verifies faces. */
  identity?: 'match' | 'mismatch' | 'unclear' | 'enrolling';
  alerts: { kind: string; at: number }[];
}

type LiveAttempt = ResultOf<'monitor.subscribe'>['attempts'][number];

export function liveRow(r: LiveAttempt): LiveRow {
  return {
    attemptId: r.attemptId,
    student: r.student,
    course: r.course,
    state: r.state,
    started: r.started,
    deadline: r.deadline,
    answered: r.answered,
    total: r.total,
    proctored: r.proctored,
    review: { level: r.review.level, points: r.review.points },
    connected: r.connected,
    presence: { state: r.presence.state, since: r.presence.since },
    ...(r.identity !== undefined ? { identity: r.identity } : {}),
    alerts: r.alerts.map((a) => ({ kind: a.kind, at: a.at })),
  };
}

/** monitor.subscribe's answer and every `monitor` event carry `{attempts}`. */
export function liveRows(data: ResultOf<'monitor.subscribe'> | EventOf<'monitor'>): LiveRow[] {
  return data.attempts.map(liveRow);
}

/** Applies pushed updates: an attempt that is no longer open leaves the list. */
export function mergeLive(rows: LiveRow[], updates: LiveRow[]): LiveRow[] {
  const by = new Map(rows.map((r) => [r.attemptId, r]));
  for (const u of updates) {
    if (u.state !== 'open') by.delete(u.attemptId);
    else by.set(u.attemptId, u);
  }
  return [...by.values()];
}

/** Under this much time left an attempt is "time nearly up". */
export const NEARLY_UP_MS = 2 * 60_000;
/** A row stays marked as having a new alert this long. */
export const NEW_ALERT_MS = 30_000;

/** 0 = needs attention most: absent, several faces, proctor silent / unavailable / stopped, disconnected, time nearly up. */
export function attention(r: LiveRow, now: number): number {
  if (r.identity === 'mismatch') return 0; // someone other than the enrolled student
  switch (r.presence.state) {
    case 'absent':
      return 0;
    case 'multiple':
      return 1;
    case 'silent':
    case 'camera-error':
    case 'stopped':
      return 2;
    default:
      break;
  }
  if (!r.connected) return 3;
  if (r.deadline - now < NEARLY_UP_MS) return 4;
  return 5;
}

export function sortLive(rows: LiveRow[], now: number): LiveRow[] {
  return [...rows].sort(
    (a, b) => attention(a, now) - attention(b, now) || a.deadline - b.deadline || a.student.localeCompare(b.student),
  );
}

export function newestAlert(r: LiveRow): number {
  let t = 0;
  for (const a of r.alerts) t = Math.max(t, a.at);
  return t;
}

/** True when `next` carries an alert that `prev` (same attempt, before) did not: ring the bell. */
export function hasNewAlert(prev: LiveRow | undefined, next: LiveRow): boolean {
  return newestAlert(next) > (prev ? newestAlert(prev) : 0) && next.alerts.length > 0;
}

/** What the state column says, with a symbol so it reads without colour (NO_COLOR). */
export function stateLabel(r: LiveRow): { text: string; tone: 'bad' | 'warn' | 'good' | undefined } {
  if (r.identity === 'mismatch' && r.presence.state === 'present') return { text: '≠ other face', tone: 'bad' };
  switch (r.presence.state) {
    case 'absent':
      return { text: '✗ absent', tone: 'bad' };
    case 'multiple':
      return { text: '‼ faces', tone: 'bad' };
    case 'silent':
      return { text: '? silent', tone: 'warn' };
    case 'camera-error':
      return { text: '⚠ no camera', tone: 'warn' };
    case 'stopped':
      return { text: '■ stopped', tone: 'warn' };
    case 'present':
      return { text: '● present', tone: 'good' };
    default:
      return { text: r.proctored ? '· waiting' : '· unproct.', tone: undefined };
  }
}

export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

// ---- the action form: key -> fields -> confirmation -> request ----
export type LiveActionKind = 'extend' | 'end' | 'notice' | 'notice-course';

export interface LiveForm {
  kind: LiveActionKind;
  attemptId: string;
  student: string;
  course: string;
  /** Each field's text and cursor (client/state/text-field.ts). */
  fields: { label: string; value: string; cursor: number }[];
  field: number;
  confirming: boolean;
  error?: string;
}

export function openForm(kind: LiveActionKind, r: LiveRow): LiveForm {
  const fields =
    kind === 'extend'
      ? [
          { label: 'Minutes', value: '', cursor: 0 },
          { label: 'Reason', value: '', cursor: 0 },
        ]
      : kind === 'end'
        ? [{ label: 'Reason', value: '', cursor: 0 }]
        : [{ label: 'Notice', value: '', cursor: 0 }];
  return { kind, attemptId: r.attemptId, student: r.student, course: r.course, fields, field: 0, confirming: false };
}

/** The contract's limit of each field: a notice's text, or a reason for the audit log. */
function fieldMax(label: string): number {
  return label === 'Notice' ? MONITOR_ARG_LIMITS.noticeMax : MONITOR_ARG_LIMITS.reasonMax;
}

/** Checks the current field; on the last one, asks for confirmation. */
export function submitField(f: LiveForm): LiveForm {
  const v = f.fields[f.field].value.trim();
  const label = f.fields[f.field].label;
  const maxMinutes = MONITOR_ARG_LIMITS.extendMinutesMax;
  if (label === 'Minutes' && !(/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= maxMinutes))
    return { ...f, error: `Minutes: a whole number from 1 to ${maxMinutes}.` };
  if (v === '') return { ...f, error: `${label}: type it first (it goes into the audit log).` };
  const max = fieldMax(label);
  if (v.length > max) return { ...f, error: `${label}: at most ${max} characters.` };
  if (f.field + 1 < f.fields.length) return { ...f, field: f.field + 1, error: undefined };
  return { ...f, confirming: true, error: undefined };
}

/** One input event into the focused field (every key of a burst applies); Enter submits the field. */
export function editForm(f: LiveForm, input: string, key: EditKey): LiveForm {
  if (f.confirming) return f;
  const at = f.fields[f.field];
  const r = editField(at, input, key, { max: fieldMax(at.label), tabEnds: true });
  const next = { ...f, fields: f.fields.map((x, i) => (i === f.field ? { label: x.label, ...r.field } : x)) };
  if (!r.enter && !r.tab) return next;
  const submitted = submitField(next);
  // Keys after the Enter go to the next field; the confirmation itself is never taken from a burst.
  return r.rest && !submitted.confirming && submitted.field !== f.field ? editForm(submitted, r.rest, {}) : submitted;
}

export function confirmText(f: LiveForm): string {
  const val = (label: string) => f.fields.find((x) => x.label === label)?.value.trim() ?? '';
  switch (f.kind) {
    case 'extend':
      return `Give ${f.student} ${val('Minutes')} more minute(s)? y/n`;
    case 'end':
      return `End ${f.student}'s ${f.course} exam now and grade it as it stands? y/n`;
    case 'notice':
      return `Send the notice to ${f.student}? y/n`;
    case 'notice-course':
      return `Send the notice to every open ${f.course} attempt? y/n`;
  }
}

export function formTitle(f: LiveForm): string {
  switch (f.kind) {
    case 'extend':
      return `Extra time for ${f.student}`;
    case 'end':
      return `End the attempt of ${f.student}`;
    case 'notice':
      return `Notice to ${f.student}`;
    case 'notice-course':
      return `Notice to all of ${f.course}`;
  }
}
