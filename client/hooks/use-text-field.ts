// A TextField (client/state/text-field.ts) held in React state. Edits are functional updates, so
// two input events that arrive before the next render both apply (none is lost to a stale value).
import { useCallback, useState } from 'react';
import type { Key } from 'ink';
import { editField, emptyField, fieldOf, type TextField } from '../state/text-field.js';

export function useTextField(initial = '', opts: { max?: number } = {}) {
  const [field, setField] = useState<TextField>(() => fieldOf(initial));
  const max = opts.max;
  /** Applies one input event; returns whether it contained Enter. */
  const edit = useCallback((input: string, key: Key): boolean => {
    setField((f) => editField(f, input, key, { max }).field);
    return editField(emptyField, input, key).enter;
  }, [max]);
  return { field, setField, edit, value: field.value };
}
