// The question bank and exam settings (PROTOCOL.md 6; paging and import-preview: docs/protocol.md).
import { Type } from '@sinclair/typebox';
import {
  Args,
  Bool,
  ChoiceField,
  CourseField,
  Cursor,
  DifficultyField,
  FeedbackField,
  IdField,
  Int,
  Opt,
  PageArgs,
  Shape,
  Text,
} from './fields.js';
import { EXAM_LIMITS, QUESTION_LIMITS } from './limits.js';
import { questionCheck, trimQuestion } from './question-rules.js';
import { ExamConfigShape, ImportResultShape, QuestionShape } from './shapes.js';
import { both, command, nilAbsent, trimmed } from './types.js';

/** The fields of a question as sent; `questionCheck` adds what a schema cannot say. */
export const questionArgs = {
  text: Text(1, QUESTION_LIMITS.textMax),
  options: Type.Array(Text(1, QUESTION_LIMITS.optionMax), {
    minItems: QUESTION_LIMITS.optionsMin,
    maxItems: QUESTION_LIMITS.optionsMax,
    rule: `a list of ${QUESTION_LIMITS.optionsMin} to ${QUESTION_LIMITS.optionsMax} options`,
  }),
  answer: ChoiceField,
  concept: Text(1, QUESTION_LIMITS.conceptMax),
  difficulty: DifficultyField,
  course: CourseField,
};
const QUESTION_CHECKS =
  "no option is blank or holds '|'; no two options read the same ignoring case and spaces; the answer letter names one of the options.";

const CourseFilter = { course: Opt(CourseField) };
const Csv = Shape({ csv: Type.String(), cursor: Cursor });

export const BANK_COMMANDS = {
  'questions.list': command({
    access: 'admin',
    summary: 'The bank (of one course), with answers. With `limit`/`cursor`: one page.',
    args: Args({ ...CourseFilter, ...PageArgs }),
    normalize: both(nilAbsent('course'), trimmed('course')),
    result: Type.Union([Type.Array(QuestionShape), Shape({ questions: Type.Array(QuestionShape), cursor: Cursor })]),
    retrySafe: true,
    retry: 'a read',
    secret: false,
  }),
  'questions.create': command({
    access: 'admin',
    summary: 'Adds a question; the server gives its id and version 1.',
    args: Args(questionArgs),
    normalize: trimQuestion,
    check: questionCheck,
    checks: QUESTION_CHECKS,
    result: QuestionShape,
    retrySafe: false,
    retry: 'a repeat would add the question twice',
    secret: false,
  }),
  'questions.update': command({
    access: 'admin',
    summary: 'Replaces a question, naming the version it edits; a stale version is CONFLICT.',
    args: Args({ ...questionArgs, id: IdField, version: Int(1, Number.MAX_SAFE_INTEGER) }),
    normalize: trimQuestion,
    check: questionCheck,
    checks: QUESTION_CHECKS,
    result: QuestionShape,
    retrySafe: false,
    retry: 'a repeat after a lost answer meets its own new version: CONFLICT',
    secret: false,
  }),
  'questions.delete': command({
    access: 'admin',
    summary: 'Deletes a question at the version named; a stale version is CONFLICT.',
    args: Args({ id: IdField, version: Int(1, Number.MAX_SAFE_INTEGER) }),
    result: Shape({}),
    retrySafe: false,
    retry: 'a repeat after a lost answer is NOT_FOUND',
    secret: false,
  }),
  'questions.import': command({
    access: 'admin',
    summary: 'Applies a questions.csv text: a known ID is updated, anything else created; bad rows reported by line.',
    args: Args({
      csv: Text(0, QUESTION_LIMITS.importCsvMax, {
        rule: `at most ${QUESTION_LIMITS.importCsvMax} characters (UTF-16 units, the string's length)`,
        description: 'questions.csv text (docs/protocol.md "questions.csv")',
      }),
      dryRun: Opt(Bool({ feature: 'import-preview' })),
      allOrNothing: Opt(Bool({ feature: 'import-preview' })),
    }),
    normalize: nilAbsent('dryRun', 'allOrNothing'),
    result: ImportResultShape,
    retrySafe: false,
    retry: 'rows without an ID would be created twice',
    secret: false,
  }),
  'questions.export': command({
    access: 'admin',
    summary:
      'The bank (of one course) as questions.csv text. With `limit`/`cursor`: one page, the header only on the first.',
    args: Args({ ...CourseFilter, ...PageArgs }),
    normalize: both(nilAbsent('course'), trimmed('course')),
    result: Csv,
    retrySafe: true,
    retry: 'a read',
    secret: false,
  }),
  'exams.configure': command({
    access: 'admin',
    summary: "Sets a course's exam: questions drawn, minutes, proctored, attempts (0 = unlimited), feedback.",
    args: Args({
      course: CourseField,
      count: Int(1, EXAM_LIMITS.countMax),
      minutes: Int(1, EXAM_LIMITS.minutesMax),
      proctored: Bool(),
      attempts: Int(0, EXAM_LIMITS.attemptsMax),
      // PROTOCOL.md 8: optional; absent (a 1.0 admin client) keeps the course's current setting.
      feedback: Opt(FeedbackField),
    }),
    normalize: trimmed('course'),
    result: Type.Composite([Shape({ course: Type.String() }), ExamConfigShape], { additionalProperties: false }),
    retrySafe: false,
    retry: 'the same settings again would be harmless, but it is a change the admin confirms',
    secret: false,
  }),
};
