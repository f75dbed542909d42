// Regenerates docs/screens/*.txt: real screens of the client in an 80x24 tmux terminal, against a
// real server with prepared data. Run: node --import tsx client/screens-capture.ts
// (tmux needed; NO_COLOR=1 so the captures are plain text). The data it shows is made by
// client/screens-seed.ts.
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../server/server.js';
import { clock, prepare, prepareLive, stopLive, watched } from './screens-seed.js';

// Built from a string: a regex literal with an escape character in it reads as a typo to lint and to people.
const COLOUR_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*(3[0-9]|4[0-9]|9[0-7])m`);

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'docs', 'screens');
const SESSION = `pp-screens-${process.pid}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}
const capture = () => tmux('capture-pane', '-p', '-t', SESSION);
async function waitFor(text: string | RegExp, ms = 15_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const s = capture();
    if (typeof text === 'string' ? s.includes(text) : text.test(s)) return s;
    if (Date.now() > end) throw new Error(`screen never showed ${String(text)}:\n${s}`);
    await sleep(150);
  }
}
/** tmux key names (Enter, Tab, Up, C-s …) or literal text (-l). */
async function keys(...ks: string[]): Promise<void> {
  for (const k of ks) {
    if (/^(Enter|Tab|BTab|Up|Down|Left|Right|Escape|BSpace|PageDown|PageUp|C-[a-z])$/.test(k))
      tmux('send-keys', '-t', SESSION, k);
    else tmux('send-keys', '-t', SESSION, '-l', k);
    await sleep(60);
  }
}
async function shot(name: string, expect: string | RegExp): Promise<void> {
  await waitFor(expect);
  await sleep(400); // let countdowns and late rows settle
  const text = capture()
    .replace(/[ \t]+$/gm, '')
    .replace(/\n+$/, '');
  // NO_COLOR is set for the client: the terminal must hold no colour escape at all.
  const styled = tmux('capture-pane', '-e', '-p', '-t', SESSION);
  if (COLOUR_ESCAPE.test(styled)) throw new Error(`${name}: colour escapes despite NO_COLOR`);
  await writeFile(join(OUT, `${name}.txt`), text + '\n');
  process.stdout.write(`  ${name}.txt\n`);
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'pp-screens-'));
  const config = await mkdtemp(join(tmpdir(), 'pp-screens-cfg-'));
  await mkdir(OUT, { recursive: true });
  let server = await startServer({ dataDir, port: 0, quiet: true, now: () => Date.now() + clock.skew });
  const { host, port, fingerprint } = server;
  try {
    await prepare(host, port, fingerprint, dataDir);
    const env = `env NO_COLOR=1 XDG_CONFIG_HOME=${config} PANDAPROCTOR_FROM_SOURCE=1`;
    // Run in the temporary config dir: the export screen writes questions-all.csv to the working directory.
    const client = `cd ${config} && ${env} node ${join(ROOT, 'bin', 'pandaproctor.js')} client --host ${host} --port ${port}`;
    tmux('new-session', '-d', '-s', SESSION, '-x', '80', '-y', '24', `${client}; sleep 30`);
    process.stdout.write(`capturing into ${OUT}\n`);

    // First connection: no key pinned yet.
    await waitFor('first connection');
    await keys(fingerprint, 'Enter');
    await shot('01-trust-first-connect', 'Trust this server');
    await keys('y');
    await shot('02-login', 'Log in');
    await keys('C-r', 'ab', 'Tab', 'short', 'Tab', 'other', 'Enter');
    await shot('03-register-validation', 'passwords do not match');
    await keys('C-r');
    await waitFor('[ Log in ]');
    await keys('BSpace', 'BSpace', 'maya', 'Tab', 'maya-pass-123', 'Enter');
    await shot('04-student-courses', 'Your courses');
    await keys('Down', 'Down', 'Enter');
    await shot('04b-student-start-asks', /Start .* now\? Its/);
    await keys('y');
    await shot('05-exam-question', /Question 1 of 10/);
    await keys('a');
    await shot('06-exam-feedback', /Right!|Wrong: you chose/);
    await keys('?');
    await shot('07-help-keys', 'Keys on this screen');
    await keys('Escape', 'Enter', 'b', 'Enter', 'c', 'C-f');
    await shot('08-exam-finish-confirm', 'Finish the exam now?');
    await keys('y');
    await shot('09-finish-summary', 'exam finished');
    await keys('v');
    await shot('09a-attempt-review', /Question 1 · /);
    await keys('Escape');
    await waitFor('Your courses');
    await keys('d');
    await shot('10-student-dashboard', 'Past attempts');
    // PgDn brings the selected attempt's course trend into view whole, the next PgDn the tables.
    await keys('PageDown');
    await shot('10a-student-dashboard-trend', /Trend: [\s\S]* 0% ┤/);
    await keys('PageDown');
    await shot('11-student-dashboard-concepts', /Concepts \(weakest first\)|Variables and Types/);
    await keys('Escape');
    await waitFor('Your courses');
    // The long question: wrapped, scrolling, with the "more" marker.
    await keys('Down', 'Down', 'Down', 'Enter', 'y');
    await shot('05a-exam-long-question', /Reading · Question 1 of 1[\s\S]*more below/);
    await keys('PageDown');
    await shot('05b-exam-long-question-scrolled', /more above/);
    await keys('Escape');
    await shot('05c-exam-leave-asks', 'Leave the exam?');
    await keys('y');
    await waitFor('Your courses');
    await keys('Up', 'Up', 'Up', 'Enter', 'y');
    await shot('12-exam-proctored', /Proctor unavailable|face seen|no face|camera off/);
    // The server restarts mid-exam: the answer waits, the client reconnects and resumes.
    await server.close();
    await keys('a');
    await shot('13-exam-server-restarting', 'will be sent when the connection is back');
    server = await startServer({ dataDir, port, quiet: true, now: () => Date.now() + clock.skew });
    await shot('14-exam-resumed-after-restart', /● online[\s\S]*(Right!|Wrong: you chose A)/);
    await keys('C-c');
    await shot('15-exam-quit-asks', 'Quit PandaProctor?');
    await keys('n', 'Escape', 'y');
    await waitFor('Your courses');
    await keys('Down', 'Down', 'Down');
    await shot('04a-student-courses-open-attempt', /Reading[\s\S]*▶ \d+:\d\d[\s\S]*Attempts: 1 used, 1 left/);
    await keys('C-c');
    await shot('04c-student-quit-open-attempt', /Quit PandaProctor\? .* stays? open/);
    await keys('y');
    await sleep(800);

    // The admin console. First 30 students sit an exam, for the Live screen.
    await prepareLive(host, port, fingerprint);
    tmux('respawn-pane', '-k', '-t', SESSION, `${client}; sleep 30`);
    await waitFor('Log in');
    await keys('Up', 'Right', 'Down', 'admin', 'Tab', 'admin-pass-1', 'Enter');
    await shot('20-admin-menu', 'Admin console');
    await keys('Enter');
    await waitFor(/[1-9]\d*\/\d+ shown/);
    await keys('c', 'c');
    await shot('21-admin-question-bank', 'course: OOP');
    await keys('/', 'tree');
    await shot('22-admin-bank-search', /search: tree/);
    await keys('Escape', 'Enter');
    await shot('23-admin-edit-question', /Edit \S+ \(version/);
    await keys('Escape');
    await waitFor('Question bank');
    await keys('n', 'Enter');
    await keys('C-s');
    await shot('24-admin-new-question-validation', 'concept: required'); // the bank kept its OOP filter, so the course is filled in
    await keys('Escape', 'o');
    await waitFor('Export questions');
    await keys('Enter');
    await shot('25-admin-export', 'Exported');
    // Import a file with two new questions and one bad row (each mode keeps its own path): a
    // preview first, nothing changed, then g for the good rows only.
    await writeFile(
      join(config, 'new-questions.csv'),
      [
        'ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course',
        ',Which keyword makes a subclass in Java?,extends|implements|super,A,Inheritance,Easy,OOP',
        ',An interface method without a body is:,abstract|static|final,A,Interfaces,Medium,OOP',
        ',Is a square a rectangle?,Yes|yes,A,Design Principles,Hard,OOP',
        '',
      ].join('\n'),
    );
    await keys('Tab', 'C-u', 'new-questions.csv', 'Enter');
    await shot('26-admin-import', 'g imports only');
    await keys('g');
    await waitFor('Imported');
    await keys('Escape', 'Escape');
    await waitFor('Admin console');
    await keys('Down', 'Down', 'Down', 'Enter');
    await shot('26a-admin-exam-settings', /PF\s+\d+\s+10\s+15/);
    await keys('Down', 'Down', 'Enter');
    await shot('26b-admin-exam-settings-edit', 'Edit PF');
    // Esc returns to the menu item it came from (Exam settings): Analytics is the next one.
    await keys('Escape', 'Escape', 'Down', 'Enter');
    await shot('27-admin-analytics-distribution', 'Finished attempts by score');
    await keys('Right');
    await shot('28-admin-analytics-students', '[ Students ]');
    await keys('Right');
    await shot('29-admin-analytics-courses', '[ Courses ]');
    await keys('Right');
    await shot('30-admin-analytics-items', '[ Items ]');
    await keys('Escape', 'Down', 'Enter');
    await shot('30a-admin-live', /\d+ open · \d+ need attention[\s\S]*\? silent/);
    await keys('+', '10', 'Enter', 'fire alarm at 10:05', 'Enter');
    await shot('30b-admin-live-extend-confirm', 'more minute(s)? y/n');
    await keys('n', 'Escape', 'Down', 'Enter');
    await shot('31-admin-attempts', 'Attempts & integrity');
    await keys('/', watched[0], 'Enter');
    await shot('32-admin-attempt-timeline', 'Presence over');
    await keys('Escape', 'Escape', 'Down', 'Enter');
    await shot('34-admin-face-enrolments', /Face enrolments \(3 of \d+ students\)/);
    await keys('Escape', 'Down', 'Enter');
    await shot('33-admin-users', /Users \(\d+/);
    await keys('C-c');
    await sleep(800);

    // A changed server key stops the client.
    const other = 'f'.repeat(64);
    tmux('respawn-pane', '-k', '-t', SESSION, `${client} --server-key ${other}; sleep 30`);
    await shot('40-server-key-changed', 'HAS CHANGED');
  } finally {
    try {
      tmux('kill-session', '-t', SESSION);
    } catch {
      // already gone
    }
    await stopLive();
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(config, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`screens-capture: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
