// The identity lines of the admin timeline (PROTOCOL.md 8: attempts.timeline `identity` and
// `integrity.identity`), from the raw response; absent fields (an older server) give no lines.
import { formatDuration } from './charts.js';

interface RawIdentity {
  enrolledHere?: boolean;
  enrolment?: { at: number; attemptId: string } | null;
  thresholds?: { matchAtMost: number; mismatchAtLeast: number };
  verdicts?: { verdict: string; distance: number }[];
}
interface RawSummary {
  matches?: number;
  mismatches?: number;
  unclear?: number;
  differentPerson?: { from: number; to: number; seconds: number }[];
}

export function identityLines(data: unknown): { text: string; warn?: boolean }[] {
  const d = (data ?? {}) as { identity?: RawIdentity; integrity?: { identity?: RawSummary } };
  const id = d.identity;
  if (!id || typeof id !== 'object') return [];
  const s = d.integrity?.identity ?? {};
  const n = id.verdicts?.length ?? 0;
  const head = id.enrolledHere
    ? 'Identity: enrolled during this attempt'
    : id.enrolment
      ? 'Identity: enrolled earlier'
      : 'Identity: not enrolled (no verdicts)';
  const th = id.thresholds
    ? ` (match ≤ ${id.thresholds.matchAtMost}, mismatch ≥ ${id.thresholds.mismatchAtLeast})`
    : '';
  const lines: { text: string; warn?: boolean }[] = [
    {
      text: `${head} · ${n} probe(s): ${s.matches ?? 0} match, ${s.mismatches ?? 0} mismatch, ${s.unclear ?? 0} unclear${th}`,
    },
  ];
  for (const dp of s.differentPerson ?? []) {
    lines.push({
      text: `  ! different person from ${formatDuration(dp.from)} to ${formatDuration(dp.to)} (${dp.seconds} s)`,
      warn: true,
    });
  }
  return lines;
}
