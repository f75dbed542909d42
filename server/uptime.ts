// The shell around exam/downtime.ts: at start, give back the time the server was down; while running,
// keep the uptime mark fresh; at a clean stop, mark the stop (docs/server.md "Downtime").
import { applyDowntime, downSince, planDowntime } from './exam/downtime.js';
import { UPTIME_MARK_MS } from './limits.js';
import type { Database } from './store/database.js';
import { readUptimeMark, writeUptimeMark } from './store/uptime-mark.js';

export interface Uptime {
  /** Stops the periodic mark and records a clean stop. */
  stop(): Promise<void>;
}

export async function startUptime(
  dir: string,
  db: Database,
  opts: { now: () => number; fsync: boolean; log: (line: string) => void; markMs?: number },
): Promise<Uptime> {
  const { now, fsync, log } = opts;
  const mark = await readUptimeMark(dir);
  const downAt = downSince(mark, db.model);
  if (downAt !== null) {
    const at = now();
    const plan = planDowntime(db.model.attempts.values(), downAt, at);
    // Durable before the timers are armed and before the fresh mark below replaces the old one.
    await applyDowntime(db, plan, downAt, mark!.clean, at);
    if (plan.length > 0)
      log(
        `down for ${Math.round((at - downAt) / 1000)}s: extended ${plan.length} open attempt(s) by that time (audit.csv exam.extend-downtime)`,
      );
  }
  // One write at a time: writes share a temp file name.
  let chain: Promise<void> = Promise.resolve();
  const write = (clean: boolean) => {
    chain = chain
      .then(() => writeUptimeMark(dir, { at: now(), clean }, fsync))
      .catch((err: Error) => log(`warning: cannot write the uptime mark: ${err.message}`));
    return chain;
  };
  await write(false);
  const timer = setInterval(() => void write(false), opts.markMs ?? UPTIME_MARK_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await write(true);
    },
  };
}
