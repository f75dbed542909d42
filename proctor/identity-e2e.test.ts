// Must-show 1 of face verification, end to end over TCP with a real server: the proctor on a video
// of person A enrols; a later exam on another video of A shows matches; an exam on a video that
// cuts from A to B shows a "different person" interval starting within 5 s of the cut. The
// verdicts are read back from attempts.timeline and its integrity summary.
import '../protocol/testing/fast-nacl.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientChannel } from '../protocol/api.js';
import type { Attempt, PresenceEvent } from '../protocol/messages.js';
import { formatDuration } from '../client/state/charts.js';
import { identityLines } from '../client/state/identity-view.js';
import { PresenceForwarder } from './forwarder.js';
import { startProctorLink } from './link.js';
import { examServer } from './testing/exam-server.js';
import { opencvOrSkip, REPO } from './testing/opencv-gate.js';

const FIX = join(REPO, 'proctor', 'fixtures', 'identity');
const truth = JSON.parse(readFileSync(join(FIX, 'identity-videos.json'), 'utf8')) as Record<
  string,
  { durationMs: number; switchMs?: number }
>;
const cv = opencvOrSkip('identity end-to-end test');

interface Timeline {
  intervals: { state: string; from: number; to: number }[];
  identity: { enrolledHere: boolean; verdicts: { verdict: string; distance: number; threshold: number; at: number }[] };
  integrity: {
    identity: { matches: number; mismatches: number; differentPerson: { from: number; to: number }[] };
    priority: { level: string };
  };
}

/** One proctored exam watched by the proctor on `video`, wired as client/proctor-bridge.ts does. */
async function proctoredExam(
  student: ClientChannel,
  course: string,
  video: string,
): Promise<{ attemptId: string; enrolled: string[] }> {
  const attempt = await student.request<Attempt>('exam.start', { course });
  expect(attempt.proctored).toBe(true);
  const forwarder = new PresenceForwarder({
    send: (events: PresenceEvent[]) =>
      student.request<{ acked: number }>('presence.report', { attemptId: attempt.attemptId, events }),
  });
  const enrolled: string[] = [];
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const link = startProctorLink({
    source: `video:${join(FIX, video)}`,
    realtime: true, // as the client runs a video: proctor and server clocks agree
    restart: 'never',
    identity: true,
    onEvent: (e) => forwarder.push(e),
    onEnrol: (templates) => {
      student.request<{ enrolled: boolean }>('identity.enrol', { attemptId: attempt.attemptId, templates }).then(
        () => enrolled.push('ok'),
        (e: { code?: string }) => enrolled.push(e.code ?? 'error'),
      );
    },
    onStatus: (s) => {
      if (s.kind === 'stopped' || s.kind === 'unavailable') done();
    },
  });
  try {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([finished, new Promise((r) => (timer = setTimeout(r, truth[video].durationMs + 30_000)))]);
    clearTimeout(timer);
    await forwarder.flush();
  } finally {
    forwarder.close();
    await link.stop();
  }
  await student.request('exam.finish', { attemptId: attempt.attemptId });
  return { attemptId: attempt.attemptId, enrolled };
}

describe('face verification end to end', () => {
  cv.test(
    'A enrols; A later matches; A then B gives a different-person interval within 5 s of the cut',
    async () => {
      const { admin, student, close } = await examServer('pp-identity-e2e-');
      try {
        for (const course of ['DSA', 'OOP', 'PF'])
          await admin.request('exams.configure', { course, count: 3, minutes: 30, proctored: true, attempts: 0 });
        const timeline = (attemptId: string) => admin.request<Timeline>('attempts.timeline', { attemptId });

        // 1. Enrolment on the first proctored exam.
        const first = await proctoredExam(student, 'DSA', 'a-enrol.avi');
        expect(first.enrolled).toEqual(['ok']);
        const t1 = await timeline(first.attemptId);
        expect(t1.identity.enrolledHere).toBe(true);
        const status = await admin.request<{ username: string; enrolled: boolean; attemptId?: string }[]>(
          'identity.status',
          { username: 'stu1' },
        );
        expect(status).toEqual([
          expect.objectContaining({ username: 'stu1', enrolled: true, attemptId: first.attemptId }),
        ]);

        // 2 and 3 run side by side (two courses): A under other light, and A cut to B.
        const [same, swapped] = await Promise.all([
          proctoredExam(student, 'OOP', 'a-exam.avi'),
          proctoredExam(student, 'PF', 'a-then-b.avi'),
        ]);
        expect(same.enrolled).toEqual(['CONFLICT']); // already enrolled: the server refuses a second enrolment
        const t2 = await timeline(same.attemptId);
        expect(t2.identity.verdicts.length).toBeGreaterThanOrEqual(3);
        expect(t2.identity.verdicts.every((v) => v.verdict === 'match' && v.distance <= v.threshold)).toBe(true);
        expect(t2.integrity.identity.differentPerson).toEqual([]);
        expect(t2.identity.enrolledHere).toBe(false);

        const t3 = await timeline(swapped.attemptId);
        const media0 = t3.intervals.find((x) => x.state !== 'no-data')!.from; // the first report is media time 0
        const dp = t3.integrity.identity.differentPerson;
        expect(dp).toHaveLength(1);
        const onset = dp[0].from - media0;
        const cut = truth['a-then-b.avi'].switchMs!;
        expect(onset).toBeGreaterThanOrEqual(cut - 1000);
        expect(onset).toBeLessThanOrEqual(cut + 5000);
        expect(t3.integrity.identity.matches).toBeGreaterThanOrEqual(2);
        expect(t3.integrity.identity.mismatches).toBeGreaterThanOrEqual(2);
        expect(t3.integrity.priority.level).toBe('high');
        // The server's real response through the client's timeline code.
        const shown = identityLines(t3);
        expect(shown[0].text).toMatch(/^Identity: enrolled earlier · \d+ probe\(s\): \d+ match, \d+ mismatch/);
        expect(shown[1]).toEqual({
          text: `  ! different person from ${formatDuration(dp[0].from)} to ${formatDuration(dp[0].to)} (${(dp[0] as { seconds?: number }).seconds} s)`,
          warn: true,
        });
        expect(identityLines(t1)[0].text).toMatch(/^Identity: enrolled during this attempt/);
        process.stdout.write(
          `identity e2e: A-later distances ${t2.identity.verdicts.map((v) => v.distance).join(' ')}; A->B ${t3.identity.verdicts.map((v) => `${v.verdict}:${v.distance}`).join(' ')}; different person from ${(onset / 1000).toFixed(1)} s (cut at ${cut / 1000} s)\n`,
        );
      } finally {
        await close();
      }
    },
    150_000, // the videos play in real time: 12 s, then 16 s and 28 s side by side
  );
});
