// Countdown to the server's deadline, corrected by the clock offset measured at welcome
// (PROTOCOL.md 5 welcome.time): the local clock may be minutes off, the server's is the authority.
import { useEffect, useState } from 'react';
import { remainingMs } from '../state/exam-reducer.js';

export function useCountdown(
  deadline: number | undefined,
  clockOffsetMs: number,
  now: () => number,
  tickMs = 250,
): number | undefined {
  const calc = () => (deadline === undefined ? undefined : remainingMs(deadline, clockOffsetMs, now()));
  const [left, setLeft] = useState(calc);
  useEffect(() => {
    setLeft(calc());
    if (deadline === undefined) return;
    const t = setInterval(() => setLeft(calc()), tickMs);
    return () => clearInterval(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [deadline, clockOffsetMs, tickMs]);
  return left;
}
