// Gate for tests that need the OpenCV binding: outside CI a missing binding skips them
// with a visible reason; inside CI (CI=true, set by .ci/run) it fails the run.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCVAvailable } from '../detector.js';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const status = await openCVAvailable();
const inCI = process.env.CI === 'true' || process.env.CI === '1';

type TestFn = jest.ProvidesCallback;

export interface OpenCVGate {
  available: boolean;
  reason: string;
  test(name: string, fn: TestFn, timeoutMs?: number): void;
}

export function opencvOrSkip(what: string): OpenCVGate {
  if (status.ok) return { available: true, reason: '', test: (name, fn, t) => test(name, fn, t) };
  const reason = status.reason;
  if (inCI) {
    return {
      available: false,
      reason,
      test: (name) =>
        test(name, () => {
          throw new Error(`CI requires the OpenCV binding: ${reason}`);
        }),
    };
  }
  console.warn(`SKIPPED ${what}: ${reason}`);
  return { available: false, reason, test: (name, fn, t) => test.skip(`${name} (skipped: no OpenCV binding)`, fn, t) };
}
