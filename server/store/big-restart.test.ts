// A data directory of 1 GB (generated rows in the proportions of real use, not a flood: see
// server/testing/big-data-dir.ts) restarts within 10 s and 500 MB. The server is started as a real
// child process; its CPU time is the bound (the wall time on a shared 2-core machine depends on
// what else runs; it is printed and bounded generously). PP_BIG_DATA_BYTES changes the size.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { repoRoot, spawnServer } from '../testing/child.js';
import { tempDir } from '../testing/harness.js';

const BYTES = Number(process.env.PP_BIG_DATA_BYTES ?? 1024 ** 3);
const CLK_TCK = 100; // Linux USER_HZ

async function procStats(pid: number): Promise<{ cpuMs: number; peakRssMb: number }> {
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
  const cpuMs = ((Number(stat[11]) + Number(stat[12])) * 1000) / CLK_TCK; // utime, stime
  const hwm = /VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
  return { cpuMs, peakRssMb: Math.round(Number(hwm![1]) / 1024) };
}

(process.platform === 'linux' ? test : test.skip)(
  `a ${Math.round(BYTES / 1024 ** 2)} MB data directory restarts within 10 s and 500 MB`,
  async () => {
    const t = await tempDir('pp-big-');
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'server/testing/big-data-dir.ts', t.dir, String(BYTES)],
        { cwd: repoRoot, maxBuffer: 1 << 20 },
      );
      const built = JSON.parse(stdout) as { bytes: number; attempts: number; events: number };
      expect(built.bytes).toBeGreaterThanOrEqual(BYTES);

      const started = Date.now();
      const srv = await spawnServer(t.dir, 300_000);
      const wallMs = Date.now() - started;
      const { cpuMs, peakRssMb } = await procStats(srv.child.pid!);
      srv.child.kill('SIGTERM');
      await srv.exited;
      process.stdout.write(
        `restart on ${Math.round(built.bytes / 1024 ** 2)} MB (${built.attempts} attempts, ${built.events} presence events): ${cpuMs} ms CPU, ${wallMs} ms wall, peak RSS ${peakRssMb} MB\n`,
      );
      expect(cpuMs).toBeLessThan(10_000);
      expect(peakRssMb).toBeLessThan(500);
      expect(wallMs).toBeLessThan(120_000);
    } finally {
      await t.cleanup();
    }
  },
  900_000,
);
