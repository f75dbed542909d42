// The 1.1 feature groups this server implements, sent in `welcome.features` (PROTOCOL.md 8).
// A client checks this list before it uses a group; add a group here only when all of its
// commands and events work.
export const FEATURES: readonly string[] = [
  'resume',
  'identity',
  'paging', // docs/protocol.md "Paging": not a PROTOCOL.md 8 group; listed so clients can check before paging
  // attempts.review, the `feedback` exam setting, exam.resume and courses.list `mine` (docs/protocol.md).
  'review',
  'attempts',
  'monitor',
  // This server's own groups (docs/protocol.md): questions.import dryRun / allOrNothing, and
  // users.unlock / users.setPassword.
  'import-preview',
  'users-admin',
];
