// The exam's question and options as screen lines (pure): the question wrapped to the full width,
// each option wrapped under its letter, so everything is readable at 80x24 by scrolling.
import { CHOICES, type AnsweredItem, type AttemptQuestion, type Choice } from '../../protocol/messages.js';
import { wrapText } from './wrap.js';

export interface PaneLine {
  text: string;
  kind: 'question' | 'option' | 'gap';
  option?: number;
  tone?: 'good' | 'bad';
  cursor?: boolean;
}

/** Columns before an option's text: cursor, mark, letter: "›✓ A) ". */
export const OPTION_INDENT = 6;

export function examLines(
  q: AttemptQuestion,
  width: number,
  view: { answered?: AnsweredItem; pending?: Choice; cursor: number },
): PaneLine[] {
  const lines: PaneLine[] = wrapText(q.text, width).map((text) => ({ text, kind: 'question' }));
  lines.push({ text: '', kind: 'gap' });
  const { answered, pending } = view;
  q.options.forEach((o, i) => {
    const letter = CHOICES[i];
    const isCursor = !answered && !pending && view.cursor === i;
    let mark = '  ';
    let tone: PaneLine['tone'];
    if (answered?.answer !== undefined && letter === answered.answer) {
      mark = '✓ ';
      tone = 'good';
    } else if (answered && letter === answered.choice) {
      // Hidden feedback: the choice is marked as recorded, not as right or wrong.
      if (answered.correct === undefined) mark = '• ';
      else {
        mark = '✗ ';
        tone = 'bad';
      }
    } else if (pending === letter) mark = '… ';
    const body = wrapText(o, width - OPTION_INDENT);
    body.forEach((t, k) => {
      const head = k === 0 ? `${isCursor ? '›' : ' '}${mark}${letter}) ` : ' '.repeat(OPTION_INDENT);
      lines.push({ text: head + t, kind: 'option', option: i, tone, cursor: isCursor });
    });
  });
  return lines;
}

/** First and last+1 line of option `i`. */
export function optionRange(lines: PaneLine[], i: number): [number, number] {
  let from = -1;
  let to = -1;
  lines.forEach((l, k) => {
    if (l.option === i) {
      if (from < 0) from = k;
      to = k + 1;
    }
  });
  return [Math.max(0, from), Math.max(0, to)];
}

/** The marker line under a pane that does not show everything: says there is more and how to get it. */
export function moreMarker(top: number, rows: number, total: number): string {
  const below = top + rows < total;
  const above = top > 0;
  const where = `lines ${top + 1}-${Math.min(total, top + rows)} of ${total}`;
  if (below && above) return `▼ more below · ▲ more above · ${where} · PgDn/j PgUp/k`;
  if (below) return `▼ more below · ${where} · PgDn or j to scroll`;
  return `▲ more above · ${where} · PgUp or k to scroll`;
}
