// courses.list and exams.configure (PROTOCOL.md 6).
// Course names arrive trimmed (the contract's `normalize`): exams.csv and questions.csv are read
// back trimmed, so otherwise "DSA " and "DSA" would be two courses until a restart.
import type { ArgsOf } from '../../protocol/contract/index.js';
import type { CourseInfo, ExamConfig } from '../../protocol/messages.js';
import type { RequestContext } from '../app.js';
import { DEFAULT_EXAM } from '../store/exams.js';

export function listCourses(_args: unknown, { app, session }: RequestContext): CourseInfo[] {
  const counts = new Map(app.db.model.questions.courseCounts());
  for (const course of app.db.model.exams.keys()) if (!counts.has(course)) counts.set(course, 0);
  const mine = session.role === 'student' ? (app.db.model.attemptsByUser.get(session.username!) ?? []) : null;
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
        course,
        questions,
        exam,
        mine: {
          used: own.length,
          left: exam.attempts === 0 ? null : Math.max(0, exam.attempts - own.length),
          ...(open ? { open: { attemptId: open.attemptId, deadline: open.deadline } } : {}),
        },
      };
    });
}

export async function configureExam(args: ArgsOf<'exams.configure'>, { app, session, address }: RequestContext) {
  const { course, ...given } = args;
  // PROTOCOL.md 8: a configure without `feedback` (a 1.0 admin client) keeps the course's setting.
  const config: ExamConfig = {
    ...given,
    feedback: given.feedback ?? app.db.model.exams.get(course)?.feedback ?? 'immediate',
  };
  // Written to exams.csv first, applied only once durable: a failed write changes no deadline.
  await app.db.changeExams((exams) => void exams.set(course, { ...config }));
  await app.db.audit({
    at: app.now(),
    actor: session.username ?? '',
    address,
    action: 'exams.configure',
    target: course,
    detail: JSON.stringify(config),
  });
  return { course, ...config };
}
