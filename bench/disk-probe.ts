// The disk's own durable-commit rate, measured in the same run as a bench (CONVENTIONS.md habit 8):
// sequential small appends, each followed by fdatasync, in the bench's scratch directory. On a
// shared virtual disk this swings several-fold between minutes, so answers/s is read against it.
import fs from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { Samples, round } from './stats.js';

export interface DiskProbe {
  commitsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

export async function probeDisk(dir: string, ms = 1500): Promise<DiskProbe> {
  const file = path.join(dir, 'disk-probe.csv');
  const fh = await open(file, 'a');
  const line = 'att-0123456789,q-0123,A,true,1732560000000\n'.repeat(8);
  const lat = new Samples();
  const end = Date.now() + ms;
  try {
    while (Date.now() < end) {
      const t = performance.now();
      await fh.write(line);
      await fh.datasync();
      lat.add(performance.now() - t);
    }
  } finally {
    await fh.close();
    fs.rmSync(file, { force: true });
  }
  return {
    commitsPerSec: round(lat.count / (ms / 1000)),
    p50Ms: round(lat.percentile(50), 2),
    p99Ms: round(lat.percentile(99), 2),
  };
}
