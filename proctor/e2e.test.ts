// The proctor on the test video -> link + forwarder, as the client uses
// them -> the real server over the encrypted protocol -> `attempts.timeline` shows each absent
// interval within 1 s of the truth, and each several-faces interval: the video's second one
// (32-34 s) is a small second face (1/2 of the student's) in low light, the case global
// equalisation hid.
import '../protocol/testing/fast-nacl.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Attempt, CourseInfo, PresenceEvent } from '../protocol/messages.js';
import { PresenceForwarder } from './forwarder.js';
import { startProctorLink, type LinkStatus } from './link.js';
import { examServer } from './testing/exam-server.js';
import { opencvOrSkip, REPO } from './testing/opencv-gate.js';

const truth = JSON.parse(readFileSync(join(REPO, 'proctor', 'fixtures', 'presence-test.json'), 'utf8')) as {
  durationMs: number;
  absent: [number, number][];
  multiple: [number, number][];
};
const cv = opencvOrSkip('end-to-end proctor -> server test');

interface Interval {
  state: string;
  from: number;
  to: number;
}

describe('proctor end to end', () => {
  cv.test(
    'test video -> link -> forwarder -> presence.report -> attempts.timeline: each absence within 1 s',
    async () => {
      const { admin, student, close } = await examServer('pp-proctor-e2e-');
      let link: { stop(): Promise<void> } | undefined;
      try {
        const courses = await admin.request<CourseInfo[]>('courses.list');
        const course = courses.find((c) => c.questions > 0)!;
        await admin.request('exams.configure', {
          course: course.course,
          count: Math.min(3, course.questions),
          minutes: 30,
          proctored: true,
          attempts: 0,
        });
        const attempt = await student.request<Attempt>('exam.start', { course: course.course });
        expect(attempt.proctored).toBe(true);

        // As client/proctor-bridge.ts wires them: link events -> forwarder -> presence.report.
        const forwarder = new PresenceForwarder({
          send: (events: PresenceEvent[]) =>
            student.request<{ acked: number }>('presence.report', { attemptId: attempt.attemptId, events }),
        });
        let finished = false;
        const statuses: LinkStatus[] = [];
        link = startProctorLink({
          source: `video:${join(REPO, 'proctor', 'fixtures', 'presence-test.avi')}`,
          realtime: true, // as the client runs a video: at media speed, so proctor and server clocks agree
          restart: 'never',
          onEvent: (e) => forwarder.push(e),
          onStatus: (s) => {
            statuses.push(s);
            if (s.kind === 'stopped' || s.kind === 'unavailable') finished = true;
          },
        });
        const deadline = Date.now() + 80_000;
        while (!finished && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        expect(statuses.find((s) => s.kind === 'unavailable')).toBeUndefined();
        expect(finished).toBe(true);
        await forwarder.flush();
        forwarder.close();

        const tl = await admin.request<{ presence: PresenceEvent[]; intervals: Interval[] }>('attempts.timeline', {
          attemptId: attempt.attemptId,
        });
        expect(tl.presence.length).toBeGreaterThan(8);
        // The first reported state is "present" at media time 0: it anchors media time on the timeline.
        const firstReported = tl.intervals.find((x) => x.state !== 'no-data')!;
        expect(firstReported.state).toBe('present');
        const media = (t: number) => t - firstReported.from;
        const absent = tl.intervals.filter((x) => x.state === 'absent').map((x) => [media(x.from), media(x.to)]);
        expect(absent).toHaveLength(truth.absent.length);
        absent.forEach(([from, to], i) => {
          expect(Math.abs(from - truth.absent[i][0])).toBeLessThanOrEqual(1000);
          expect(Math.abs(to - truth.absent[i][1])).toBeLessThanOrEqual(1000);
        });
        const multiple = tl.intervals.filter((x) => x.state === 'multiple').map((x) => [media(x.from), media(x.to)]);
        expect(multiple).toHaveLength(truth.multiple.length);
        multiple.forEach(([from, to], i) => {
          expect(Math.abs(from - truth.multiple[i][0])).toBeLessThanOrEqual(1000);
          expect(Math.abs(to - truth.multiple[i][1])).toBeLessThanOrEqual(1000);
        });
        expect(tl.presence[tl.presence.length - 1].state).toBe('stopped'); // the link reports the end
      } finally {
        await link?.stop();
        await close();
      }
    },
    90_000, // the video plays in real time (32 s), as in the client
  );
});
