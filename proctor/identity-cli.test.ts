// `pandaproctor proctor --identity` as a process: templates only (never an image) on stdout: one
// enrolment line of 5 valid templates, and probes on present events only, each a valid template.
import { spawn } from 'node:child_process';
import { decodeTemplate, TEMPLATE_MAX_BYTES } from '../protocol/face-template.js';
import { opencvOrSkip, REPO } from './testing/opencv-gate.js';

const cv = opencvOrSkip('proctor --identity on the identity video');

function proctor(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'proctor', ...args], {
      cwd: REPO,
      env: { ...process.env, OPENCV4NODEJS_DISABLE_AUTOBUILD: '1' },
    });
    let stdout = '';
    c.stdout.on('data', (d) => (stdout += d));
    c.on('close', (code) => resolve({ code, stdout }));
  });
}

cv.test(
  'one enrolment line, probes on present events, every template valid and small',
  async () => {
    const r = await proctor(['--source', 'video:proctor/fixtures/identity/a-enrol.avi', '--identity']);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const enrol = lines.filter((l) => 'enrol' in l);
    expect(enrol).toHaveLength(1);
    expect(Object.keys(enrol[0])).toEqual(['enrol']);
    const bytes = (b64: unknown) => new Uint8Array(Buffer.from(String(b64), 'base64'));
    for (const t of enrol[0].enrol as string[]) {
      expect(bytes(t).length).toBeLessThanOrEqual(TEMPLATE_MAX_BYTES);
      expect(() => decodeTemplate(bytes(t))).not.toThrow();
    }
    expect((enrol[0].enrol as string[]).length).toBe(5);
    const events = lines.filter((l) => !('enrol' in l));
    const probed = events.filter((e) => 'probe' in e);
    expect(probed.length).toBeGreaterThanOrEqual(3); // 12 s of video: the start, then about every 3 s
    for (const e of probed) {
      expect(e.state).toBe('present');
      expect(Object.keys(e).sort()).toEqual(['at', 'faces', 'fps', 'probe', 'seq', 'state']);
      expect(() => decodeTemplate(bytes(e.probe))).not.toThrow();
    }
    expect(probed[0].at).toBe(events.find((e) => e.state === 'present')!.at); // the first present event carries one
  },
  60_000,
);
