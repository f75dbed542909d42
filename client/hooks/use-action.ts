// One piece of client I/O started by a key: run() calls the function at once (no state flag for an
// effect to notice later), `pending` is true until it settles, and a failure becomes a one-line
// `error`. A second run() while one is pending is ignored, so a repeated key cannot send twice.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorLine } from '../state/errors.js';

export interface ActionState {
  pending: boolean;
  error?: string;
}

export function useAction<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
  handlers: { done?: (r: R, ...args: A) => void; failed?: (error: string) => void } = {},
) {
  const [st, setSt] = useState<ActionState>({ pending: false });
  const busy = useRef(false);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => void (alive.current = false);
  }, []);
  // The newest function and handlers, so run() keeps one identity and still sees this render's state.
  const latest = useRef({ fn, handlers });
  latest.current = { fn, handlers };
  const run = useCallback(async (...args: A): Promise<void> => {
    if (busy.current) return;
    busy.current = true;
    setSt({ pending: true });
    try {
      const r = await latest.current.fn(...args);
      busy.current = false;
      if (!alive.current) return;
      setSt({ pending: false });
      latest.current.handlers.done?.(r, ...args);
    } catch (e) {
      busy.current = false;
      if (!alive.current) return;
      const error = errorLine(e);
      setSt({ pending: false, error });
      latest.current.handlers.failed?.(error);
    }
  }, []);
  const clear = useCallback(() => setSt((s) => (s.error === undefined ? s : { pending: s.pending })), []);
  return { run, pending: st.pending, error: st.error, clear };
}
