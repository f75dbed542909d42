// useState whose newest value can be read at once. Ink hands every key of a fast burst (e.g. "↓↓↓
// Enter" from tmux or a quick typist) to the key handler before React renders again, so a handler
// that reads its render's `cursor` would open the first row for that Enter: get() is the cursor
// with every ↓ already applied. It is useLatestReducer with "set" as the reducer.
import { useCallback } from 'react';
import { useLatestReducer } from './use-latest-reducer.js';

type Next<T> = T | ((old: T) => T);

function apply<T>(old: T, next: Next<T>): T {
  return typeof next === 'function' ? (next as (old: T) => T)(old) : next;
}

export function useLatestState<T>(initial: T | (() => T)): [T, (next: Next<T>) => T, () => T] {
  const [value, dispatch, get] = useLatestReducer<T, Next<T>>(apply, initial);
  const set = useCallback((next: Next<T>) => dispatch(next).after, [dispatch]);
  return [value, set, get];
}
