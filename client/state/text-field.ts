// The one text buffer behind every input line: a value and a cursor, edited by keys. Pure.
// Ink hands over everything that arrived in one read as one `input` string unless it starts an
// escape sequence, so keys typed (or sent by tmux) quickly come as e.g. "ab\x7f\x7f\r" with no key
// flag set. Each character is applied in order here, so nothing is dropped or typed as junk.
import type { Key } from 'ink';

export interface TextField {
  value: string;
  /** Index into `value` (code units), 0..value.length. */
  cursor: number;
}

export const emptyField: TextField = { value: '', cursor: 0 };

export function fieldOf(value: string): TextField {
  return { value, cursor: value.length };
}

export interface EditResult {
  field: TextField;
  /** Enter was pressed (on its own or at the end of a fast burst): the caller submits / moves on. */
  enter: boolean;
  /** With `tabEnds`: Tab ended the edit; the caller moves to the next field. */
  tab?: boolean;
  /** What the burst held after that Enter or Tab: keys for the next field or state, not this one. */
  rest?: string;
}

export type EditKey = Partial<
  Pick<
    Key,
    | 'leftArrow'
    | 'rightArrow'
    | 'home'
    | 'end'
    | 'backspace'
    | 'delete'
    | 'ctrl'
    | 'meta'
    | 'return'
    | 'tab'
    | 'escape'
    | 'upArrow'
    | 'downArrow'
    | 'pageUp'
    | 'pageDown'
  >
>;

function insert(f: TextField, text: string, max: number): TextField {
  const room = Math.max(0, max - f.value.length);
  const t = text.slice(0, room);
  return { value: f.value.slice(0, f.cursor) + t + f.value.slice(f.cursor), cursor: f.cursor + t.length };
}

function backspace(f: TextField): TextField {
  if (f.cursor === 0) return f;
  // A surrogate pair (emoji) goes as one character.
  const n =
    f.cursor >= 2 && /[\uDC00-\uDFFF]/.test(f.value[f.cursor - 1]) && /[\uD800-\uDBFF]/.test(f.value[f.cursor - 2])
      ? 2
      : 1;
  return { value: f.value.slice(0, f.cursor - n) + f.value.slice(f.cursor), cursor: f.cursor - n };
}

/**
 * Applies one Ink input event. Backspace: both Ink's `backspace` (^H) and `delete` (DEL, what the
 * Backspace key sends on most terminals, and also the Delete key: Ink cannot tell them apart)
 * remove the character before the cursor. ←/→ Home/End (Ctrl+A/E) move; Ctrl+U clears.
 */
export function editField(
  f: TextField,
  input: string,
  key: EditKey,
  opts: { max?: number; accept?: (ch: string) => boolean; tabEnds?: boolean } = {},
): EditResult {
  const max = opts.max ?? 10_000;
  const accept = opts.accept ?? (() => true);
  if (key.return) return { field: f, enter: true };
  if (key.backspace || key.delete) return { field: backspace(f), enter: false };
  if (key.leftArrow) return { field: { ...f, cursor: Math.max(0, f.cursor - 1) }, enter: false };
  if (key.rightArrow) return { field: { ...f, cursor: Math.min(f.value.length, f.cursor + 1) }, enter: false };
  if (key.home || (key.ctrl && input === 'a')) return { field: { ...f, cursor: 0 }, enter: false };
  if (key.end || (key.ctrl && input === 'e')) return { field: { ...f, cursor: f.value.length }, enter: false };
  if (key.ctrl && input === 'u') return { field: { value: f.value.slice(f.cursor), cursor: 0 }, enter: false };
  if (key.ctrl || key.meta || key.tab || key.escape || key.upArrow || key.downArrow || key.pageUp || key.pageDown)
    return { field: f, enter: false };
  let out = f;
  let run = '';
  const flush = () => {
    if (run !== '') out = insert(out, run, max);
    run = '';
  };
  const chars = [...input];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '\x7f' || ch === '\b') {
      flush();
      out = backspace(out);
    } else if (ch === '\r' || (ch === '\t' && opts.tabEnds)) {
      // What follows belongs to the next field or screen state: handed back, never typed here.
      flush();
      const rest = chars.slice(i + 1).join('');
      return { field: out, enter: ch === '\r', ...(ch === '\t' ? { tab: true } : {}), ...(rest ? { rest } : {}) };
    } else if (ch === '\x15' || ch === '\x01' || ch === '\x05') {
      // Ctrl+U / Ctrl+A / Ctrl+E inside a burst act as they do alone ("Ctrl+U then the new text" sent
      // at once used to keep the old text and append the new).
      flush();
      out =
        ch === '\x15'
          ? { value: out.value.slice(out.cursor), cursor: 0 }
          : { ...out, cursor: ch === '\x01' ? 0 : out.value.length };
    } else if (ch === '\n' || ch === '\t') {
      if (accept(' ')) run += ' '; // a pasted line break stays one line
    } else if (ch < ' ')
      continue; // other control characters are never text
    else if (accept(ch)) run += ch; // e.g. a digits-only field drops letters, not the keys after them
  }
  flush();
  return { field: out, enter: false };
}

/** The visible part of a field `room` columns wide (cursor cell included) that keeps the cursor in view. */
export function viewOf(f: TextField, room: number, mask = false): { before: string; at: string; after: string } {
  const shown = mask ? '•'.repeat(f.value.length) : f.value;
  const width = Math.max(4, room);
  const start = Math.max(0, f.cursor - (width - 1));
  const win = shown.slice(start, start + width);
  const c = f.cursor - start;
  const before = start > 0 ? '…' + win.slice(1, c) : win.slice(0, c);
  return { before, at: win[c] ?? ' ', after: win.slice(c + 1, width - 1) };
}
