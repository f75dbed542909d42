// Keys sent as fast as tmux can send them all arrive: 64 Backspaces in one burst remove exactly 64
// characters (Ink hands a burst over as one string; client/state/text-field.ts applies each key).
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) console.log('keystrokes.test: tmux is not installed; skipping the real-terminal keystroke test');
const maybe = hasTmux || process.env.CI === 'true' ? test : test.skip;

const SESSION = `pp-keys-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', SESSION);

async function waitFor(ok: (s: string) => boolean, what: string, ms = 30_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const s = screen();
    if (ok(s)) return s;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen was:\n${s}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The username line, e.g. "› Username  abc" (cursor cell as a trailing space). */
const usernameLine = (s: string) => s.split('\n').find((l) => l.includes('Username')) ?? '';

afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['kill-session', '-t', SESSION]);
});

maybe(
  '64 Backspaces sent in one tmux burst remove exactly 64 characters',
  async () => {
    // With CI=true in the terminal's environment, as a student's shell profile may export it: Ink
    // renders only the last frame when it sees CI (is-in-ci), so without prepareInkEnv (theme.ts)
    // the login screen would never appear here.
    tmux(
      'new-session',
      '-d',
      '-s',
      SESSION,
      '-x',
      '80',
      '-y',
      '24',
      '-c',
      root,
      `env -u NODE_OPTIONS CI=true NO_COLOR=1 ${process.execPath} --import tsx client/testing/keystroke-app.tsx`,
    );
    await waitFor((s) => s.includes('Log in') && s.includes('Username'), 'the login screen');
    const typed = 'abcdefghij'.repeat(8); // 80 characters: more than the field shows
    tmux('send-keys', '-t', SESSION, '-l', typed);
    await waitFor((s) => /….*abcdefghij\s*$/.test(usernameLine(s)), 'all 80 characters');
    tmux('send-keys', '-t', SESSION, ...Array(64).fill('BSpace'));
    // 80 - 64 = 16 characters left, all visible (no '…' hides a prefix).
    const s = await waitFor(
      (x) =>
        !usernameLine(x).includes('…') &&
        /Username\s+\S+/.test(usernameLine(x)) &&
        !/abcdefghijabcdefg/.test(usernameLine(x)),
      'the Backspaces to apply',
    );
    await new Promise((r) => setTimeout(r, 500)); // any straggling key would show by now
    expect(usernameLine(screen())).toMatch(/Username\s+abcdefghijabcdef\s*$/);
    expect(usernameLine(s)).toMatch(/Username\s+abcdefghijabcdef\s*$/);
  },
  60_000,
);

maybe(
  'exam settings: digits and Backspaces sent in one tmux burst all apply',
  async () => {
    // The same session, still at the login screen: log in as the fake admin (a key at a time, as a
    // person types: this test is about the settings form), then open Exam settings.
    for (const k of ['C-u', 'root', 'Tab', 'adminpass', 'Tab', 'Right', 'Enter']) {
      tmux('send-keys', '-t', SESSION, ...(k.length > 1 && !/^[A-Z]/.test(k) && k !== 'C-u' ? ['-l', k] : [k]));
      await new Promise((r) => setTimeout(r, 150));
    }
    await waitFor((s) => s.includes('Admin console'), 'the admin console');
    tmux('send-keys', '-t', SESSION, 'Down', 'Down', 'Down', 'Enter');
    await waitFor((s) => /DSA\s+4\s+3\s+10/.test(s), 'the exam settings');
    tmux('send-keys', '-t', SESSION, 'Enter');
    await waitFor((s) => s.includes('Edit DSA'), 'the DSA form');
    const count = (s: string) => s.split('\n').find((l) => l.includes('Questions per exam')) ?? '';
    // One burst: "3" -> "" -> "9876" -> "98" -> "985", Tab to Minutes inside it, "10" -> "" -> "45".
    tmux(
      'send-keys',
      '-t',
      SESSION,
      'BSpace',
      'BSpace',
      '9',
      '8',
      '7',
      '6',
      'BSpace',
      'BSpace',
      '5',
      'Tab',
      'BSpace',
      'BSpace',
      '4',
      '5',
    );
    const s = await waitFor((x) => /Minutes\s+45/.test(x), 'the burst to apply');
    await new Promise((r) => setTimeout(r, 500));
    expect(count(screen())).toMatch(/Questions per exam\s+985/);
    expect(s).toMatch(/Minutes\s+45/);
  },
  60_000,
);
