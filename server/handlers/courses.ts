// courses.list and exams.configure (PROTOCOL.md 6).
import { FEEDBACKS, type CourseInfo, type ExamConfig } from '../../protocol/messages.js';
import type { RequestContext } from '../app.js';
import { COURSE_RE, EXAM_LIMITS } from '../limits.js';
import { DEFAULT_EXAM } from '../store/exams.js';
import { bool, int, oneOf, str, type Args } from '../validate.js';

export function courseArg(args: Args, key = 'course'): string {
  // exams.csv and questions.csv are read back trimmed, so the wire trims too: otherwise "DSA " and
  // "DSA" are two courses until a restart, which then meets "DSA" twice in exams.csv and refuses to start.
  const v = args[key];
  return str({ [key]: typeof v === 'string' ? v.trim() : v }, key, { max: 32, re: COURSE_RE, what: '1-32 letters, digits, spaces, _ . -' });
}

export function listCourses(_args: unknown, { app, session }: RequestContext): CourseInfo[] {
  const counts = new Map<string, number>();
  for (const q of app.db.model.questions.values()) counts.set(q.course, (counts.get(q.course) ?? 0) + 1);
  for (const course of app.db.model.exams.keys()) if (!counts.has(course)) counts.set(course, 0);
  const mine = session.role === 'student' ? app.db.model.attemptsByUser.get(session.username!) ?? [] : null;
  const now = app.now();
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([course, questions]) => {
      const exam = { ...(app.db.model.exams.get(course) ?? DEFAULT_EXAM) };
      if (!mine) return { course, questions, exam };
      // docs/protocol.md: a student also sees their own attempts of the course (used, left, the open one).
      const own = mine.filter((a) => a.course === course);
      const open = own.find((a) => !a.finish && now < a.deadline);
      return {
        course, questions, exam,
        mine: {
          used: own.length,
          left: exam.attempts === 0 ? null : Math.max(0, exam.attempts - own.length),
          ...(open ? { open: { attemptId: open.attemptId, deadline: open.deadline } } : {}),
        },
      };
    });
}

export function configureArgs(args: Args): ExamConfig & { course: string } {
  return {
    course: courseArg(args),
    count: int(args, 'count', 1, EXAM_LIMITS.countMax),
    minutes: int(args, 'minutes', 1, EXAM_LIMITS.minutesMax),
    proctored: bool(args, 'proctored'),
    attempts: int(args, 'attempts', 0, EXAM_LIMITS.attemptsMax),
    // PROTOCOL.md 8: optional; absent (a 1.0 admin client) keeps the course's current setting.
    ...(args.feedback === undefined ? {} : { feedback: oneOf(args, 'feedback', FEEDBACKS) }),
  };
}

export async function configureExam(args: ExamConfig & { course: string }, { app, session, address }: RequestContext) {
  const { course, ...given } = args;
  const config: ExamConfig = { ...given, feedback: given.feedback ?? app.db.model.exams.get(course)?.feedback ?? 'immediate' };
  // Written to exams.csv first, applied only once durable: a failed write changes no deadline.
  await app.db.changeExams((exams) => void exams.set(course, { ...config }));
  await app.db.audit({ at: app.now(), actor: session.username ?? '', address, action: 'exams.configure', target: course, detail: JSON.stringify(config) });
  return { course, ...config };
}
