// Loads data for a screen: {data, error, loading, reload}. Errors become one-line messages.
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorLine } from '../state/errors.js';

export function useLoad<T>(fn: () => Promise<T>, deps: unknown[]): { data?: T; error?: string; loading: boolean; reload: () => void } {
  const [st, setSt] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const [n, setN] = useState(0);
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);
  useEffect(() => {
    let cancelled = false;
    setSt((s) => ({ ...s, loading: true }));
    fn().then(
      (data) => !cancelled && alive.current && setSt({ data, loading: false }),
      (e: unknown) => !cancelled && alive.current && setSt((s) => ({ data: s.data, error: errorLine(e), loading: false })),
    );
    return () => void (cancelled = true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, n]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  return { ...st, reload };
}
