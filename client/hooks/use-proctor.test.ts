import { proctorStarter } from '../proctor-bridge.js';
import { proctorLine, whatIsMissing, type ProctorStatus } from './use-proctor.js';

describe('proctor status line', () => {
  test('while starting on the sample video it names the video, not a camera', async () => {
    const seen: ProctorStatus[] = [];
    const h = proctorStarter({ kind: 'video', path: '/nonexistent.avi' })({
      attemptId: 'a',
      send: async () => ({ acked: 0 }),
      onStatus: (s) => seen.push(s),
    });
    await h.stop(); // before the link module loads: nothing is spawned
    expect(seen[0]).toEqual({ kind: 'starting', note: 'sample video, no camera' });
    expect(proctorLine(seen[0]).text).toBe('Proctor: starting… · sample video, no camera');
    expect(proctorLine({ kind: 'starting' }).text).toBe('Proctor: starting camera…');
  });
  test('unavailable: what is missing, without the operator fix, within 60 characters', () => {
    expect(whatIsMissing('video file not found: /x.avi: pass --source video:PATH to an existing file')).toBe(
      'video file not found: /x.avi',
    );
    expect(whatIsMissing(`OpenCV binding not installed (${'x'.repeat(120)}): run \`npm install\``)).toHaveLength(60);
  });
});
