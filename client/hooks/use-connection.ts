// Live connection state (online / reconnecting with retry countdown / key mismatch).
import { useEffect, useState } from 'react';
import type { ConnState } from '../session.js';
import type { ConnSource } from './use-app.js';

export function useConnection(conn: ConnSource): ConnState {
  const [s, setS] = useState(conn.state);
  useEffect(() => {
    setS(conn.state);
    return conn.subscribe(setS);
  }, [conn]);
  return s;
}

/** Server events such as exam.expired / server.closing (PROTOCOL.md 5). */
export function useServerEvent(conn: ConnSource, fn: (name: string, data: Record<string, unknown>) => void): void {
  useEffect(() => conn.onEvent(fn), [conn, fn]);
}
