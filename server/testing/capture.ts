// Runs a command-line entry (`run(argv)`) with what it writes to one stream captured, for tests of
// its messages and exit code.
import { jest } from '@jest/globals';

export async function captureOutput(
  stream: 'stdout' | 'stderr',
  run: () => Promise<number>,
): Promise<{ code: number; text: string }> {
  const chunks: string[] = [];
  const spy = jest
    .spyOn(process[stream], 'write')
    .mockImplementation((c: string | Uint8Array) => (chunks.push(String(c)), true));
  try {
    return { code: await run(), text: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}
