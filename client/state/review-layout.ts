// attempts.review as screen lines (pure): per question its text, the options with the student's
// choice and, where the feedback setting allows, the correct one, and the concept.
import { CHOICES, type AttemptReview } from '../../protocol/messages.js';
import type { PaneLine } from './exam-layout.js';
import { OPTION_INDENT } from './exam-layout.js';
import { wrapText } from './wrap.js';

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

export function reviewHeader(r: AttemptReview): string {
  const a = r.attempt;
  const took = a.finished !== undefined ? formatDuration(a.finished - a.started) : 'open';
  const score = a.score !== undefined ? ` · score ${a.score}/${a.total} (${(a.percent ?? 0).toFixed(0)}%)` : '';
  return `${a.course} · ${a.student} · ${formatDate(a.started)} UTC · ${took}${score}`;
}

export function reviewLines(r: AttemptReview, width: number): PaneLine[] {
  const lines: PaneLine[] = [];
  const keyShown = r.questions.some((q) => q.answer !== undefined);
  if (!keyShown) {
    lines.push({
      kind: 'gap',
      text:
        r.feedback === 'never'
          ? 'This course does not show right or wrong answers; you see your choices.'
          : 'Right or wrong is not shown for this attempt; you see your choices.',
    });
    lines.push({ kind: 'gap', text: '' });
  }
  r.questions.forEach((q, n) => {
    const status =
      q.choice === undefined
        ? 'not answered'
        : q.correct === undefined
          ? `you chose ${q.choice}`
          : q.correct
            ? `right (${q.choice})`
            : `wrong: you chose ${q.choice}, correct ${q.answer}`;
    lines.push({
      kind: 'gap',
      text: `Question ${n + 1} · ${q.concept} · ${q.difficulty} · ${status}`,
      tone: q.correct === undefined ? undefined : q.correct ? 'good' : 'bad',
    });
    for (const t of wrapText(q.text, width)) lines.push({ kind: 'question', text: t });
    q.options.forEach((o, i) => {
      const letter = CHOICES[i];
      const isKey = q.answer === letter;
      const chosen = q.choice === letter;
      const mark = isKey ? '✓ ' : chosen ? (q.correct === undefined ? '• ' : '✗ ') : '  ';
      const tone: PaneLine['tone'] = isKey ? 'good' : chosen && q.correct === false ? 'bad' : undefined;
      wrapText(o, width - OPTION_INDENT).forEach((t, k) => {
        lines.push({
          kind: 'option',
          option: i,
          tone,
          text: k === 0 ? ` ${mark}${letter}) ${t}` : ' '.repeat(OPTION_INDENT) + t,
        });
      });
    });
    lines.push({ kind: 'gap', text: '' });
  });
  return lines;
}
