// Word wrapping to a column width (pure), so long questions and options are laid out as lines the
// screens can scroll through; nothing is cut with "…". A word longer than the width is split.
export function wrapText(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const para of text.split(/\r?\n/)) {
    let line = '';
    for (const word of para.split(/[ \t]+/).filter((x) => x !== '')) {
      let rest = word;
      while (rest.length > 0) {
        const sep = line === '' ? '' : ' ';
        if (line.length + sep.length + rest.length <= w) {
          line += sep + rest;
          rest = '';
        } else if (line !== '') {
          out.push(line);
          line = '';
        } else {
          out.push(rest.slice(0, w));
          rest = rest.slice(w);
        }
      }
    }
    out.push(line);
  }
  return out;
}

/** `lines` rows starting at `top`, clamped so the window is always full when it can be. */
export function clampTop(top: number, total: number, rows: number): number {
  return Math.max(0, Math.min(top, total - rows));
}

/** The smallest move of `top` that shows lines [from, to) in a window of `rows`. */
export function reveal(top: number, from: number, to: number, rows: number): number {
  if (from < top) return from;
  // Fits: just enough to show its end; longer than the window: from its start.
  if (to > top + rows) return Math.max(0, Math.min(from, to - rows));
  return top;
}
