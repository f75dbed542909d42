// A TextField (client/state/text-field.ts) held in React state. Every edit applies to the newest
// value, kept in a ref as well as in state: two input events that arrive before the next render
// both apply, and a burst that ends with Enter hands over the value with all of its keys in it.
import { useCallback, useRef, useState } from 'react';
import { editField, fieldOf, type EditKey, type EditResult, type TextField } from '../state/text-field.js';

export interface TextFieldHandle {
  /** The field as last rendered. */
  field: TextField;
  value: string;
  /** The field with every edit so far, rendered or not. */
  current: () => TextField;
  setField: (update: TextField | ((old: TextField) => TextField)) => void;
  /** Applies one input event; `enter` says it contained Enter, `field` is the value at that point. */
  edit: (input: string, key: EditKey) => EditResult;
}

export function useTextField(
  initial = '',
  opts: { max?: number; accept?: (ch: string) => boolean; tabEnds?: boolean } = {},
): TextFieldHandle {
  const latest = useRef<TextField>(fieldOf(initial));
  const [field, setState] = useState<TextField>(latest.current);
  const { max, accept, tabEnds } = opts;
  const setField = useCallback((update: TextField | ((old: TextField) => TextField)) => {
    latest.current = typeof update === 'function' ? update(latest.current) : update;
    setState(latest.current);
  }, []);
  const edit = useCallback(
    (input: string, key: EditKey): EditResult => {
      const r = editField(latest.current, input, key, { max, accept, tabEnds });
      latest.current = r.field;
      setState(r.field);
      return r;
    },
    [max, accept, tabEnds],
  );
  const current = useCallback(() => latest.current, []);
  return { field, value: field.value, current, setField, edit };
}
