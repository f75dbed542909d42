// useState whose newest value can be read at once. Ink hands every key of a fast burst (e.g. "↓↓↓
// Enter" from tmux or a quick typist) to the key handler before React renders again, so a handler
// that reads its render's `cursor` would open the first row for that Enter: get() is the cursor
// with every ↓ already applied.
import { useCallback, useRef, useState } from 'react';

export function useLatestState<T>(initial: T | (() => T)): [T, (next: T | ((old: T) => T)) => T, () => T] {
  const [value, setValue] = useState(initial);
  const latest = useRef(value);
  const set = useCallback((next: T | ((old: T) => T)) => {
    latest.current = typeof next === 'function' ? (next as (old: T) => T)(latest.current) : next;
    setValue(latest.current);
    return latest.current;
  }, []);
  const get = useCallback(() => latest.current, []);
  return [value, set, get];
}
