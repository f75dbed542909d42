import { parseClientArgs, run, USAGE } from './main.js';
import { demoAccounts, demoBanner, demoProctorSource, USAGE as DEMO_USAGE } from './demo.js';

describe('pandaproctor client arguments', () => {
  test('defaults, host/port/key, and errors that say what to do', () => {
    expect(parseClientArgs([])).toEqual({ host: '127.0.0.1', port: 7340, serverKey: undefined, forgetKey: false });
    expect(parseClientArgs(['--host', 'lab', '--port', '9000', '--server-key', 'ab'])).toMatchObject({
      host: 'lab',
      port: 9000,
      serverKey: 'ab',
    });
    expect(parseClientArgs(['--port', '70000'])).toEqual({ error: "--port must be 1-65535, not '70000'" });
    expect(parseClientArgs(['--bogus'])).toEqual({ error: "unknown option --bogus; run 'pandaproctor client --help'" });
    expect(parseClientArgs(['--host'])).toEqual({ error: "--host needs a value; run 'pandaproctor client --help'" });
    expect(parseClientArgs(['-h'])).toEqual({ help: true });
  });
  test('--help prints the usage and exits 0', async () => {
    const out: string[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => (out.push(s), true)) as typeof process.stdout.write;
    try {
      expect(await run(['--help'])).toBe(0);
    } finally {
      process.stdout.write = orig;
    }
    expect(out.join('')).toBe(USAGE);
    expect(USAGE).toMatch(/--server-key HEX/);
    expect(DEMO_USAGE).toMatch(/--no-client/);
  });
  test('client and demo --help fit the 80-column terminal they are read in', () => {
    for (const text of [USAGE, DEMO_USAGE])
      for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });
});

describe('demo proctor source', () => {
  test('camera when there is one, else the bundled sample video (said so), else the camera anyway', () => {
    expect(demoProctorSource((p) => p === '/dev/video0').source).toEqual({ kind: 'camera' });
    const video = demoProctorSource((p) => p.endsWith('presence-test.avi'));
    expect(video.source).toMatchObject({ kind: 'video', note: 'sample video, no camera' });
    expect(video.note).toMatch(/no camera found/);
    expect(demoProctorSource(() => false)).toMatchObject({
      source: { kind: 'camera' },
      note: expect.stringMatching(/proctor unavailable/),
    });
  });
});

describe('demo banner', () => {
  test('fits 80 columns apart from the path lines: the fingerprint and notes do not wrap mid-word', () => {
    const fp = '2e2bfc5826074c36c34d6606d9e113aa432b7dc60a89e63ff32f9d9d82e3a927';
    for (const where of [(p: string) => p.endsWith('presence-test.avi'), () => false]) {
      const text = demoBanner({
        host: '127.0.0.1',
        port: 47391,
        dataDir: '/d',
        fingerprint: fp,
        accounts: demoAccounts(),
        proctorNote: demoProctorSource(where).note,
        logFile: '/d/demo-server.log',
      });
      const lines = text.split('\n').filter((l) => !l.includes('/presence-test.avi'));
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
      expect(text).toContain('  2e2b fc58 2607 4c36 c34d 6606 d9e1 13aa\n  432b 7dc6 0a89 e63f f32f 9d9d 82e3 a927\n');
    }
  });
});
