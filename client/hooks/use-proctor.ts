// Runs the proctor for a proctored attempt and shows its state. The starter (client/proctor-bridge.ts
// in the app, a fake in tests) spawns proctor/link.ts and forwards events through PresenceForwarder
// to presence.report (PROTOCOL.md 6).
import { useEffect, useState } from 'react';
import type { PresenceEvent, PresenceState } from '../../protocol/messages.js';
import { useApp } from './use-app.js';

export type ProctorStatus = (
  | { kind: 'off' }
  | { kind: 'starting'; note?: string }
  | { kind: PresenceState; faces: number; fps: number; note?: string }
  | { kind: 'unavailable'; reason: string }
) & { notice?: string };

export interface ProctorHandle {
  stop(): Promise<void> | void;
}

export type ProctorStarter = (opts: {
  attemptId: string;
  send: (events: PresenceEvent[]) => Promise<{ acked: number }>;
  onStatus: (s: ProctorStatus) => void;
  /** Face verification (PROTOCOL.md 8 `identity`, only when the server lists it): enrolment templates go here. */
  identity?: { enrol: (templates: Uint8Array[]) => Promise<unknown>; onEnrolled: () => void };
}) => ProctorHandle;

/** Told once, at enrolment, in plain words: what is stored and why (docs/proctor.md "Identity"). */
export const ENROLMENT_NOTICE =
  'Face enrolled: the server keeps a face pattern (numbers, never a photo) to check that it is you in later proctored exams. An admin can delete it.';
/** How long the notice replaces the proctor line. */
export const ENROLMENT_NOTICE_MS = 30_000;

export function useProctor(attemptId: string | undefined, proctored: boolean, active: boolean): ProctorStatus {
  const { proctor, api, conn } = useApp();
  const [status, setStatus] = useState<ProctorStatus>({ kind: 'off' });
  const [notice, setNotice] = useState(false);
  const identity = conn.state.features?.includes('identity') ?? false;
  useEffect(() => {
    if (!attemptId || !proctored || !active) return;
    if (!proctor) {
      setStatus({ kind: 'unavailable', reason: 'no proctor in this build' });
      return;
    }
    setStatus({ kind: 'starting' });
    let handle: ProctorHandle | undefined;
    try {
      handle = proctor({
        attemptId,
        send: (events) => api.reportPresence(attemptId, events),
        onStatus: setStatus,
        ...(identity
          ? {
              identity: {
                enrol: (templates: Uint8Array[]) => api.enrolIdentity(attemptId, templates),
                onEnrolled: () => {
                  setNotice(true);
                  setTimeout(() => setNotice(false), ENROLMENT_NOTICE_MS).unref?.();
                },
              },
            }
          : {}),
      });
    } catch (e) {
      setStatus({ kind: 'unavailable', reason: e instanceof Error ? e.message : String(e) });
    }
    return () => void handle?.stop();
  }, [attemptId, proctored, active, proctor, api, identity]);
  return notice && status.kind !== 'off' ? { ...status, notice: ENROLMENT_NOTICE } : status;
}

/** The proctor status line, in words (colour is only a hint). */
export function proctorLine(s: ProctorStatus): { text: string; tone: 'good' | 'bad' | 'warn' | 'dim' } {
  if (s.notice) return { text: s.notice, tone: 'warn' };
  const note = 'note' in s && s.note ? ` · ${s.note}` : '';
  switch (s.kind) {
    case 'off':
      return { text: 'Proctor: not required for this exam', tone: 'dim' };
    // The demo watches a sample video: "starting camera" would be untrue there.
    case 'starting':
      return { text: note ? `Proctor: starting…${note}` : 'Proctor: starting camera…', tone: 'dim' };
    case 'present':
      return { text: `Proctor: ● face seen (${s.fps.toFixed(1)} fps)${note}`, tone: 'good' };
    case 'absent':
      return { text: `Proctor: ○ no face — stay in front of the camera${note}`, tone: 'bad' };
    case 'multiple':
      return { text: `Proctor: ◎ several faces (${s.faces}) — only you may be in view${note}`, tone: 'bad' };
    case 'camera-error':
      return { text: `Proctor: ✗ camera off or failing — check the camera${note}`, tone: 'warn' };
    case 'stopped':
      return { text: `Proctor: ✗ stopped, restarting…${note}`, tone: 'warn' };
    case 'unavailable':
      return {
        text: `Proctor unavailable: ${whatIsMissing(s.reason)} — the exam goes on; tell the invigilator`,
        tone: 'warn',
      };
  }
}

/**
 * The "what" of the proctor's one-line reason, `<what>: <fix>` (docs/proctor.md). The fix is for
 * whoever runs the machine (`npm install ...`, `--source video:PATH`, `--cascade PATH`): a student
 * cannot pass those to the client, so the exam screen names what is missing and tells them whom to
 * ask. The fix starts after the last ": " (what may hold a path, `cascade file not found: P: ...`).
 */
export function whatIsMissing(reason: string): string {
  const line = reason.split('\n')[0];
  const cut = line.lastIndexOf(': ');
  const what = cut > 0 ? line.slice(0, cut) : line;
  return what.length > 60 ? `${what.slice(0, 59)}…` : what;
}
