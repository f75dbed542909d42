// Complete answers and events, shaped exactly as the server sends them (the contract's result
// schemas), for tests that hand data to the FakeApi: a test overrides the fields it is about and
// gets every other field the server would send, so the fake's contract check passes and a screen is
// tested on real shapes. Each builder is checked against its schema in contract-fixtures.test.ts.
import type { EventOf, ResultOf } from '../../protocol/contract/index.js';
import { CELL_PIXELS, encodeTemplate, LBP_PARAMS } from '../../protocol/face-template.js';
import type { AttemptSummary, LiveAttempt } from '../../protocol/messages.js';

type Integrity = ResultOf<'attempts.timeline'>['integrity'];
type PastAttempt = Extract<ResultOf<'scores.mine'>, unknown[]>[number];
type Timeline = ResultOf<'attempts.timeline'>;
type Analytics = ResultOf<'analytics.summary'>;

const T0 = Date.UTC(2026, 0, 5, 9, 0);

/** An attempt nobody has to look at: no events against it. */
export function integritySummary(o: Partial<Integrity> = {}): Integrity {
  return {
    proctored: false,
    events: 0,
    clockOffsetMs: null,
    secondsAbsent: 0,
    absences: 0,
    briefAbsences: 0,
    secondsMultiple: 0,
    multipleEpisodes: 0,
    maxFaces: 0,
    silences: [],
    secondsSilent: 0,
    cameraErrors: 0,
    secondsCameraError: 0,
    stopped: 0,
    secondsStopped: 0,
    secondsUnwatched: 0,
    identity: {
      enrolledHere: false,
      probes: 0,
      matches: 0,
      mismatches: 0,
      unclear: 0,
      differentPerson: [],
      secondsDifferentPerson: 0,
    },
    priority: { score: 0, level: 'low', contributions: [] },
    ...o,
  };
}

/** One entry of scores.mine. */
export function pastAttempt(o: Partial<PastAttempt> = {}): PastAttempt {
  return {
    attemptId: 'att-1',
    course: 'DSA',
    startedAt: T0,
    deadline: T0 + 10 * 60_000,
    finishedAt: T0 + 6 * 60_000,
    reason: 'finished',
    answered: 3,
    score: 2,
    total: 3,
    percent: 66.7,
    concepts: [],
    integrity: integritySummary(),
    ...o,
  };
}

export function analyticsSummary(o: Partial<Analytics> = {}): Analytics {
  return {
    course: null,
    attempts: 0,
    passPercent: 50,
    distribution: [],
    students: [],
    courses: [],
    concepts: [],
    difficulties: [],
    items: [],
    legacyScores: [],
    ...o,
  };
}

/** attempts.timeline of a finished, unproctored attempt; `attempt` fields merge into the default. */
export function timeline(
  o: Partial<Omit<Timeline, 'attempt'>> & { attempt?: Partial<Timeline['attempt']> } = {},
): Timeline {
  const { attempt, ...rest } = o;
  return {
    attempt: {
      attemptId: 'att-1',
      username: 'alice',
      course: 'DSA',
      startedAt: T0,
      deadline: T0 + 10 * 60_000,
      proctored: false,
      finishedAt: T0 + 6 * 60_000,
      reason: 'finished',
      score: 0,
      total: 0,
      percent: 0,
      questions: [],
      ...attempt,
    },
    answers: [],
    presence: [],
    presenceTotal: 0,
    intervals: [],
    integrity: integritySummary(),
    identity: {
      enrolment: null,
      enrolledHere: false,
      thresholds: { matchAtMost: 130, mismatchAtLeast: 138 },
      verdicts: [],
    },
    ...rest,
  };
}

/** PROTOCOL.md 8 AttemptSummary of a finished attempt. */
export function attemptSummary(o: Partial<AttemptSummary> = {}): AttemptSummary {
  return {
    attemptId: 'att-1',
    student: 'alice',
    course: 'DSA',
    state: 'finished',
    started: T0,
    deadline: T0 + 10 * 60_000,
    finished: T0 + 6 * 60_000,
    answered: 3,
    total: 3,
    score: 2,
    percent: 66.7,
    proctored: false,
    review: { level: 'low', points: 0 },
    ...o,
  };
}

/** PROTOCOL.md 8 LiveAttempt of an open, connected attempt. */
export function liveAttempt(o: Partial<LiveAttempt> = {}): LiveAttempt {
  const { finished: _f, score: _s, percent: _p, ...open } = attemptSummary({ state: 'open', answered: 0 });
  return { ...open, connected: true, presence: { state: 'none', since: T0 }, alerts: [], ...o };
}

export function examExpired(o: Partial<EventOf<'exam.expired'>> = {}): EventOf<'exam.expired'> {
  return { attemptId: 'att-1', course: 'DSA', score: 0, total: 3, percent: 0, ...o };
}

/** A face template the server accepts (protocol/face-template.ts): every cell's counts sum to its pixels. */
export function faceTemplate(seed = 0): Uint8Array {
  const patterns = 1 << LBP_PARAMS.neighbors;
  const cells = LBP_PARAMS.gridX * LBP_PARAMS.gridY;
  const counts = new Uint16Array(cells * patterns);
  for (let c = 0; c < cells; c++) counts[c * patterns + ((c + seed) % patterns)] = CELL_PIXELS;
  return encodeTemplate(counts);
}
