// Identity verdicts and "different person" intervals of one attempt (pure). The server compares
// each probe with the enrolment (protocol/face-template.ts `nearest`), and sustained mismatches
// become intervals that count in the integrity summary. Rules: docs/proctor.md "Identity".
import type { IdentityRow, Verdict } from '../store/identity-log.js';
import { IDENTITY_RULES } from '../limits.js';
import { seconds } from './integrity-timeline.js';

export function verdictOf(distance: number, rules = IDENTITY_RULES): Verdict {
  if (distance <= rules.matchAtMost) return 'match';
  return distance >= rules.mismatchAtLeast ? 'mismatch' : 'unclear';
}

export interface DifferentPerson {
  /** ms relative to startedAt, [from, to) */
  from: number;
  to: number;
  seconds: number;
}

export interface IdentitySummary {
  /** The student enrolled during this attempt. */
  enrolledHere: boolean;
  probes: number;
  matches: number;
  mismatches: number;
  unclear: number;
  differentPerson: DifferentPerson[];
  secondsDifferentPerson: number;
}

/**
 * Verdict rows on the server clock (at + offsetMs, the presence events' offset; integrity-timeline.ts).
 * A run of `sustainedMismatches` mismatches with no match between starts an interval at the first
 * of them; the next match ends it (unclear neither starts nor ends one), else the attempt's end.
 */
export function identitySummary(
  rows: IdentityRow[],
  offsetMs: number | null,
  startedAt: number,
  endedAt: number,
  rules = IDENTITY_RULES,
): IdentitySummary {
  const probes = rows.filter((r) => r.kind !== 'enrolled').sort((a, b) => a.seq - b.seq);
  const place = (r: IdentityRow) => Math.min(Math.max(r.at + (offsetMs ?? r.receivedAt - r.at), startedAt), endedAt);
  const out: DifferentPerson[] = [];
  let runStart: number | null = null;
  let run = 0;
  let open: number | null = null;
  const close = (to: number) => {
    if (open !== null && to > open)
      out.push({ from: open - startedAt, to: to - startedAt, seconds: seconds(to - open) });
    open = null;
  };
  for (const r of probes) {
    const t = place(r);
    if (r.kind === 'match') {
      close(t);
      run = 0;
      runStart = null;
    } else if (r.kind === 'mismatch') {
      if (run === 0) runStart = t;
      run++;
      if (run >= rules.sustainedMismatches && open === null) open = runStart;
    }
  }
  close(endedAt);
  return {
    enrolledHere: rows.some((r) => r.kind === 'enrolled'),
    probes: probes.length,
    matches: probes.filter((r) => r.kind === 'match').length,
    mismatches: probes.filter((r) => r.kind === 'mismatch').length,
    unclear: probes.filter((r) => r.kind === 'unclear').length,
    differentPerson: out,
    secondsDifferentPerson: seconds(out.reduce((n, d) => n + (d.to - d.from), 0)),
  };
}
