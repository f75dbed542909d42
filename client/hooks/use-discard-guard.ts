// Esc on a form with changes asks "discard? y / n" first; with no change it leaves at once. The
// values are compared as they were opened, so typing a character and deleting it again is no change.
import { useRef } from 'react';
import type { Action } from '../keys.js';
import { useLatestState } from './use-latest-state.js';

export function useDiscardGuard(initial?: () => unknown) {
  const opened = useRef<string | null>(null);
  if (opened.current === null) opened.current = initial ? JSON.stringify(initial()) : '';
  const [asking, setAsking, askingNow] = useLatestState(false);
  return {
    /** The question is on screen (render). */
    asking,
    /** The question is open, with every key so far applied (key handlers). */
    askingNow,
    /** Remembers `values` as the ones the form opened with. */
    opened(values: unknown) {
      opened.current = JSON.stringify(values);
    },
    /** Esc: `leave` at once if `values` are as opened, else ask. */
    back(values: unknown, leave: () => void) {
      if (JSON.stringify(values) === opened.current) leave();
      else setAsking(true);
    },
    /** A key while asking: y leaves, n stays on the form, any other key is ignored. */
    answer(action: Action | undefined, leave: () => void) {
      if (action === 'yes') leave();
      if (action === 'yes' || action === 'no') setAsking(false);
    },
  };
}
