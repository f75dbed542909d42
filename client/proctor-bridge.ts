// Connects the exam screen to the proctor helper's modules: proctor/link.ts spawns and supervises
// `pandaproctor proctor`, proctor/forwarder.ts batches its events into presence.report
// (PROTOCOL.md 6). Loaded lazily so the client works (showing "proctor unavailable") without them.
import type { PresenceEvent } from '../protocol/messages.js';
import type { ProctorStarter, ProctorStatus } from './hooks/use-proctor.js';

/** Where frames come from: the camera (default) or a video file (the demo on a machine without one). */
export type ProctorSourceOption = { kind: 'camera' } | { kind: 'video'; path: string; note?: string };

export function proctorStarter(source: ProctorSourceOption = { kind: 'camera' }): ProctorStarter {
  return ({ send, onStatus, identity }) => {
    let stopped = false;
    let stop: () => Promise<void> | void = () => undefined;
    const note = source.kind === 'video' ? (source.note ?? 'sample video, no camera') : undefined;
    if (note) onStatus({ kind: 'starting', note });
    void (async () => {
      try {
        const link = await import('../proctor/link.js');
        const fwd = await import('../proctor/forwarder.js');
        if (stopped) return;
        const forwarder = new fwd.PresenceForwarder({ send: (events: PresenceEvent[]) => send(events) });
        const handle = link.startProctorLink({
          source: source.kind === 'video' ? `video:${source.path}` : 'camera:0',
          realtime: source.kind === 'video',
          // The demo's sample video loops inside one proctor: a restart would record `stopped`.
          loop: source.kind === 'video',
          identity: identity !== undefined,
          // The server decides: CONFLICT (already enrolled) is the usual answer after the first exam.
          onEnrol: (templates: Uint8Array[]) => {
            identity?.enrol(templates).then(identity.onEnrolled, () => undefined);
          },
          onEvent: (e: PresenceEvent) => {
            forwarder.push(e);
            onStatus({ kind: e.state, faces: e.faces, fps: e.fps, note } as ProctorStatus);
          },
          onUnavailable: (reason: string) => onStatus({ kind: 'unavailable', reason }),
          onStatus: (st) => {
            if (st.kind === 'restarting')
              onStatus({ kind: 'stopped', faces: 0, fps: 0, note: `restarting in ${Math.ceil(st.inMs / 1000)}s` });
          },
        });
        stop = async () => {
          await handle.stop();
          // Send what is queued, but never hold the screen longer than a moment for it.
          await Promise.race([
            forwarder.flush().catch(() => undefined),
            new Promise((r) => setTimeout(r, 2000).unref()),
          ]);
          forwarder.close();
        };
      } catch (e) {
        onStatus({
          kind: 'unavailable',
          reason: `proctor modules failed to load (${e instanceof Error ? e.message.split('\n')[0] : String(e)}): reinstall PandaProctor`,
        });
      }
    })();
    return {
      stop: () => {
        stopped = true;
        return stop();
      },
    };
  };
}
