// Field limits of the command arguments, defined once for the server (which enforces them) and the
// client (which checks them before sending, so the user sees why at once). server/limits.ts
// re-exports them beside its own costs and rates; nothing else hard-codes them.

/** PROTOCOL.md 6: usernames are 3-32 letters, digits, `_ . -`. */
export const USERNAME_MIN = 3;
export const USERNAME_MAX = 32;
export const USERNAME_RE = new RegExp(`^[A-Za-z0-9_.-]{${USERNAME_MIN},${USERNAME_MAX}}$`);
/** PROTOCOL.md 6: passwords are 8-128 characters, counted as code points (an emoji is one). */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
/** auth.login takes any non-empty password up to this many UTF-16 units: imported legacy accounts can have short ones. */
export const LOGIN_PASSWORD_UNITS_MAX = 4 * PASSWORD_MAX;
/** auth.login names: any 1-64 characters, so a legacy or mistyped name gets AUTH_FAILED, not BAD_REQUEST. */
export const LOGIN_USERNAME_MAX = 64;

/**
 * Course names: 1-32 letters, digits, spaces, `_ . -`, starting with a letter or digit (PROTOCOL.md 6
 * leaves course names to the server). Leading and trailing spaces are trimmed before the check,
 * as questions.csv and exams.csv are read back trimmed.
 */
export const COURSE_MAX = 32;
export const COURSE_RE = new RegExp(`^[A-Za-z0-9][A-Za-z0-9 _.-]{0,${COURSE_MAX - 1}}$`);

export const QUESTION_LIMITS = {
  textMax: 2_000,
  optionMax: 500,
  optionsMin: 2, // PROTOCOL.md 6
  optionsMax: 8,
  conceptMax: 64,
  /** Characters (UTF-16 units, the string's length) of questions.import's csv: below the 1 MiB admin frame for ASCII text. */
  importCsvMax: 900 * 1024,
} as const;

export const EXAM_LIMITS = {
  countMax: 200,
  minutesMax: 24 * 60,
  attemptsMax: 100,
} as const;

/** Ids the server hands out (attempts, questions) and the names it is asked about. */
export const ID_MAX = 64;
/** auth.resume: the server's tokens are 43 characters; anything up to this is looked up (and refused). */
export const TOKEN_MAX = 256;

/** Live invigilation arguments (PROTOCOL.md 8 attempts.*, notice.send). */
export const MONITOR_ARG_LIMITS = {
  /** attempts.list page size: default and maximum. */
  listDefault: 100,
  listMax: 500,
  extendMinutesMax: 600,
  noticeMax: 500,
  reasonMax: 500,
} as const;

/** users.unlock / users.setPassword reasons: one short line in the audit log. */
export const USERS_REASON_MAX = 200;

/** identity.enrol templates per enrolment, and the identity.reset reason. */
export const IDENTITY_ARG_LIMITS = {
  enrolTemplatesMin: 3,
  enrolTemplatesMax: 10,
  reasonMax: 500,
} as const;

/** Events in one presence.report (a 64 KiB student frame holds about this many). */
export const PRESENCE_EVENTS_PER_REPORT = 500;
/** Raw events in one attempts.timeline answer (the newest); also the largest `presenceLimit`. */
export const TIMELINE_EVENTS_MAX = 5_000;
/** PresenceEvent `faces` and `fps` upper bounds (a detector reporting more is broken). */
export const PRESENCE_FIELD_MAX = { faces: 1_000, fps: 1_000 } as const;

/** Paging (docs/protocol.md "Paging"): items in a page when only a cursor is given, and at most. */
export const PAGE_LIMITS = {
  defaultLimit: 500,
  maxLimit: 2_000,
} as const;
