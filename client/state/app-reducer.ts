// Which screen is shown, who is logged in, and the one-line error / notice: a pure reducer.
import type { Feedback, FinishResult, Question, Role } from '../../protocol/messages.js';
import type { NotCounted } from './exam-view.js';
import type { BankView } from './bank-reducer.js';

/** What the summary screen shows of a finished attempt. `endedBy`: the invigilator's reason when they
 * ended the attempt (PROTOCOL.md 8 exam.ended). */
export interface FinishedExam {
  course: string;
  result: FinishResult;
  answered: number;
  expired: boolean;
  attemptId?: string;
  notCounted?: NotCounted[];
  endedBy?: string;
}

export type Screen =
  | { name: 'login' }
  /** `course`: the course the cursor comes back to (the one just taken). */
  | { name: 'courses'; course?: string }
  | { name: 'exam'; course: string; feedback?: Feedback }
  | ({ name: 'summary' } & FinishedExam)
  | { name: 'review'; attemptId: string }
  | { name: 'live' }
  | { name: 'dashboard' }
  /** `cursor`: the item Esc returns to. */
  | { name: 'admin'; cursor?: number }
  /** `view`: the filter, search and question to come back to. */
  | { name: 'bank'; view?: BankView }
  | { name: 'question-form'; question?: Question; course?: string }
  | { name: 'transfer'; mode: 'import' | 'export'; course?: string }
  | { name: 'analytics' }
  | { name: 'attempts' }
  /** `live`: opened from the Live screen, so it follows the attempt's pushed updates. */
  | { name: 'timeline'; attemptId: string; live?: boolean }
  | { name: 'users' }
  | { name: 'enrolments' }
  | { name: 'exam-settings' };

export interface AppState {
  screen: Screen;
  /** Screens to return to with Esc. */
  stack: Screen[];
  user?: { username: string; role: Role };
  help: boolean;
  error?: string;
  notice?: string;
}

export type AppAction =
  | { type: 'go'; screen: Screen }
  | { type: 'replace'; screen: Screen }
  /** Updates what the current screen will show when it is returned to; clears nothing. */
  | { type: 'remember'; screen: Screen }
  /** `select`: a question to put the bank's cursor on when going back to it (the one just saved). */
  | { type: 'back'; select?: string }
  | { type: 'loggedIn'; username: string; role: Role }
  | { type: 'loggedOut'; reason?: string }
  | { type: 'toggleHelp' }
  | { type: 'error'; message: string }
  | { type: 'notice'; message: string }
  | { type: 'clear' };

export const initialApp: AppState = { screen: { name: 'login' }, stack: [], help: false };

export function homeOf(role: Role): Screen {
  return role === 'admin' ? { name: 'admin' } : { name: 'courses' };
}

export function appReducer(s: AppState, a: AppAction): AppState {
  switch (a.type) {
    case 'go':
      return {
        ...s,
        stack: [...s.stack, s.screen],
        screen: a.screen,
        error: undefined,
        notice: undefined,
        help: false,
      };
    case 'replace':
      return { ...s, screen: a.screen, error: undefined, help: false };
    case 'remember':
      return { ...s, screen: a.screen };
    case 'back': {
      if (s.help) return { ...s, help: false };
      let prev = s.stack[s.stack.length - 1];
      if (prev?.name === 'bank' && a.select !== undefined)
        prev = { ...prev, view: { search: '', ...prev.view, selectedId: a.select } };
      return prev ? { ...s, screen: prev, stack: s.stack.slice(0, -1), error: undefined, notice: undefined } : s;
    }
    case 'loggedIn':
      return {
        ...s,
        user: { username: a.username, role: a.role },
        screen: homeOf(a.role),
        stack: [],
        error: undefined,
        notice: undefined,
      };
    case 'loggedOut':
      return { ...initialApp, notice: a.reason };
    case 'toggleHelp':
      return { ...s, help: !s.help };
    case 'error':
      return { ...s, error: a.message, notice: undefined };
    case 'notice':
      return { ...s, notice: a.message, error: undefined };
    case 'clear':
      return { ...s, error: undefined, notice: undefined };
  }
}
