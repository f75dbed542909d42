// The `feedback` exam setting (PROTOCOL.md 8): when a student may see right/wrong and the correct
// letter. Every student-facing answer shape passes through here, so "after-finish" and "never" hold
// everywhere at once. The course's current setting applies (as Moodle's review options do): an admin
// who relaxes it mid-exam shows what was hidden from then on.
import type { AnsweredItem, Feedback } from '../../protocol/messages.js';
import type { Model } from '../store/model.js';

export const DEFAULT_FEEDBACK: Feedback = 'immediate';

export function feedbackFor(model: Model, course: string): Feedback {
  return model.exams.get(course)?.feedback ?? DEFAULT_FEEDBACK;
}

/** May the student see right/wrong and the key of an answered question now? */
export function showsKey(feedback: Feedback, ended: boolean): boolean {
  return feedback === 'immediate' || (feedback === 'after-finish' && ended);
}

/** An answered item as the student may see it: without `correct`/`answer` while the setting hides them. */
export function maskAnswered(item: AnsweredItem, show: boolean): AnsweredItem {
  return show ? item : { questionId: item.questionId, choice: item.choice };
}
