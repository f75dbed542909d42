// Loads data for a screen: {data, error, loading, reload}. Errors become one-line messages.
// It loads when the screen opens and when `deps` (the query: a filter, a course) change; reload()
// (a key such as r) loads at once, from the key handler. Only the newest load's answer is shown.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorLine } from '../state/errors.js';

export function useLoad<T>(
  fn: () => Promise<T>,
  deps: unknown[],
): { data?: T; error?: string; loading: boolean; reload: () => void } {
  const [st, setSt] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const latest = useRef(fn);
  latest.current = fn;
  const newest = useRef(0);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => void (alive.current = false);
  }, []);
  const load = useCallback(() => {
    const mine = ++newest.current;
    const current = () => mine === newest.current && alive.current;
    setSt((s) => ({ ...s, loading: true }));
    latest.current().then(
      (data) => current() && setSt({ data, loading: false }),
      (e: unknown) => current() && setSt((s) => ({ data: s.data, error: errorLine(e), loading: false })),
    );
  }, []);
  // The query changed (or the screen opened): the data follows it.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(load, deps);
  return { ...st, reload: load };
}
