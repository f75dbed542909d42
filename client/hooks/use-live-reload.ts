// Keeps a screen about one attempt current while an exam runs: subscribes to the live monitor
// (PROTOCOL.md 8) and calls `reload` whenever an update about that attempt arrives. The server
// coalesces updates (a few per second at most), so this reloads no faster than that.
import { useCallback, useEffect } from 'react';
import { useApp } from './use-app.js';
import { useServerEvent } from './use-connection.js';

export function useLiveReload(attemptId: string, reload: () => void, enabled: boolean): void {
  const app = useApp();
  useEffect(() => {
    if (!enabled) return;
    app.api.monitorSubscribe().catch(() => {});
    return () => void app.api.monitorUnsubscribe().catch(() => {});
  }, [app.api, enabled]);
  useServerEvent(
    app.conn,
    useCallback(
      (name: string, data: Record<string, unknown>) => {
        if (!enabled || name !== 'monitor' || !Array.isArray(data.attempts)) return;
        if (
          data.attempts.some(
            (a) => a && typeof a === 'object' && (a as { attemptId?: unknown }).attemptId === attemptId,
          )
        )
          reload();
      },
      [enabled, attemptId, reload],
    ),
  );
}
