// useReducer whose dispatch returns the new state. Keys that arrive between two renders build on
// the newest state (nothing is lost to a render's stale copy), and the key handler can start the
// request a submit asks for right there, instead of leaving a flag for an effect to notice.
import { useCallback, useRef, useState } from 'react';

export function useLatestReducer<S, A>(
  reducer: (s: S, a: A) => S,
  initial: S | (() => S),
): [S, (a: A) => { before: S; after: S }, () => S] {
  const [state, setState] = useState(initial);
  const latest = useRef(state);
  const dispatch = useCallback(
    (a: A) => {
      const before = latest.current;
      latest.current = reducer(before, a);
      setState(latest.current);
      return { before, after: latest.current };
    },
    [reducer],
  );
  const current = useCallback(() => latest.current, []);
  return [state, dispatch, current];
}
