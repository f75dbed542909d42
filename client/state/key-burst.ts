// Ink hands everything that arrived in one read to useInput as one `input` string (escape
// sequences such as arrows come apart, plain characters do not). A screen that is not typing reads
// single keys, so "/tree" sent at once by tmux, a paste or a fast typist over ssh would match no
// key and be lost. burstKeys turns such a burst back into the keys it was made of. Pure.
import type { Key } from 'ink';

/** One key of a burst, as Ink would have reported it had it come alone. */
export interface BurstKey {
  input: string;
  key: Partial<Key>;
  /** Where this key starts in the burst: what is left from here can go to a text field as it is. */
  at: number;
}

const FLAGS = [
  'upArrow',
  'downArrow',
  'leftArrow',
  'rightArrow',
  'pageDown',
  'pageUp',
  'home',
  'end',
  'return',
  'escape',
  'ctrl',
  'tab',
  'backspace',
  'delete',
  'meta',
] as const;

/** True when `input` is several plain keys that came in one read (no escape sequence, no key flag). */
export function isBurst(input: string, key: Partial<Key>): boolean {
  if (FLAGS.some((f) => key[f])) return false;
  return [...input].length > 1 && !input.includes('\u001b');
}

/** The keys of a burst in order: Enter, Tab, Backspace and Ctrl+letter get their key flags. */
export function burstKeys(input: string): BurstKey[] {
  const out: BurstKey[] = [];
  let at = 0;
  for (const ch of input) {
    const code = ch.codePointAt(0)!;
    let k: BurstKey;
    if (ch === '\r' || ch === '\n') k = { input: '', key: { return: true }, at };
    else if (ch === '\t') k = { input: '', key: { tab: true }, at };
    else if (ch === '\x7f' || ch === '\b') k = { input: '', key: { backspace: true }, at };
    else if (code < 0x20) k = { input: String.fromCharCode(code + 96), key: { ctrl: true }, at };
    else k = { input: ch, key: /^[A-Z]$/.test(ch) ? { shift: true } : {}, at };
    out.push(k);
    at += ch.length;
  }
  return out;
}
