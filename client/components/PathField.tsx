// The file path line of the import and export screens: one way to type a path, switch, leave or
// run, so the two halves of the transfer screen behave alike.
import React from 'react';
import type { Key } from 'ink';
import { TextLine } from './TextLine.js';
import { useApp } from '../hooks/use-app.js';
import type { TextFieldHandle } from '../hooks/use-text-field.js';
import type { Action } from '../keys.js';

export function PathField(props: { text: TextFieldHandle; focused: boolean }) {
  const app = useApp();
  return (
    <TextLine label="File path" value={props.text.field} focused={props.focused} width={app.width} labelWidth={11} />
  );
}

/** A key while the path is typed: Esc leaves, Tab switches, Enter runs `start` with the path. */
export function pathFieldKey(
  action: Action | undefined,
  input: string,
  key: Key,
  on: { text: TextFieldHandle; onBack: () => void; onSwitch?: () => void; start: (path: string) => void },
): void {
  if (action === 'back') return on.onBack();
  if (action === 'nextField') return on.onSwitch?.();
  if (action === 'select') return on.start(on.text.current().value.trim());
  // Keys typed fast arrive together ("x.csv\r"): apply them all, then run on Enter.
  const next = on.text.edit(input, key);
  if (next.enter) on.start(next.field.value.trim());
}
