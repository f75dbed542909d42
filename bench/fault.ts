// `npm run bench -- fault`: under load the server child is killed with SIGKILL and restarted on the
// same data directory and port; clients reconnect and resume their open attempt (PROTOCOL.md 6
// exam.start returns it again). At the end the server is killed once more, restarted, and every
// answer any client saw acknowledged is looked up on disk through attempts.timeline: 0 lost.
import path from 'node:path';
import type { ClientChannel } from '../protocol/api.js';
import { ProtocolError } from '../protocol/errors.js';
import type { Attempt } from '../protocol/messages.js';
import { parseFlags } from './args.js';
import { spawnServer, type ServerProc } from './server-proc.js';
import { adminChannel, copyTemplate, prepareTemplate, scratchRoot } from './setup.js';
import { ErrorTally, Samples, round, sleep, table } from './stats.js';
import { login, open, randomChoice, studentName, type Target } from './student.js';

const USAGE = `Usage: npm run bench -- fault [options]
  --students N      clients answering during the kills (default 60)
  --kills N         SIGKILL + restart cycles (default 6; the target needs at least 5)
  --every-ms MS     time under load between kills (default 3000)
  --think-ms MS     pause between a client's answers (default 20)
  --questions N     questions per attempt (default 10)
  --course NAME     (default DSA)
  --keep            keep the scratch data directory`;

/** Channel failures a client expects while the server is being killed. */
function isOutage(e: unknown): boolean {
  return e instanceof ProtocolError;
}

export async function main(argv: string[]): Promise<number> {
  const f = parseFlags(argv, { students: 60, kills: 6, everyMs: 3000, thinkMs: 20, questions: 10, course: 'DSA', keep: false }, USAGE);
  const scratch = scratchRoot('fault');
  try {
    const template = await prepareTemplate(scratch.root, f.students, { course: f.course, count: f.questions, minutes: 120, proctored: false, attempts: 0 }, 'f');
    const dataDir = copyTemplate(template, path.join(scratch.root, 'run'));
    let srv: ServerProc = await spawnServer({ dataDir, fsync: true });
    const port = srv.port;
    const target: Target = { port, serverKey: srv.publicKey, seal: true };

    /** attemptId -> questionId -> the choice whose acknowledgement a client received. */
    const acked = new Map<string, Map<string, string>>();
    let ackCount = 0;
    const unexpected = new ErrorTally();
    const outages = new ErrorTally();
    const resumeLatency = new Samples();
    let reconnects = 0;
    let resumeMissing = 0;
    let stopping = false;

    const client = async (i: number) => {
      const username = studentName(i, 'f');
      let lostAt = 0;
      while (!stopping) {
        let ch: ClientChannel | undefined;
        try {
          ch = await open(target);
          await login(ch, username);
          while (!stopping) {
            const attempt = await ch.request<Attempt>('exam.start', { course: f.course });
            if (lostAt) {
              resumeLatency.add(Date.now() - lostAt);
              lostAt = 0;
            }
            const mine = acked.get(attempt.attemptId) ?? new Map<string, string>();
            acked.set(attempt.attemptId, mine);
            // Resume check: everything acknowledged in this attempt must come back in `answered`.
            const answered = new Map(attempt.answered.map((a) => [a.questionId, a.choice as string]));
            for (const [q, choice] of mine) if (answered.get(q) !== choice) resumeMissing++;
            for (const q of attempt.questions) {
              if (stopping) break;
              if (answered.has(q.id)) continue;
              if (f.thinkMs) await sleep(f.thinkMs * (0.5 + Math.random()));
              const choice = randomChoice(q.options.length);
              await ch.request('exam.answer', { attemptId: attempt.attemptId, questionId: q.id, choice });
              mine.set(q.id, choice);
              ackCount++;
            }
            if (!stopping) await ch.request('exam.finish', { attemptId: attempt.attemptId });
          }
        } catch (e) {
          if (isOutage(e)) {
            outages.add(e);
            reconnects++;
            if (!lostAt) lostAt = Date.now();
          } else unexpected.add(e);
          await sleep(50 + Math.random() * 150);
        } finally {
          if (ch && !ch.closed) await ch.close('bench done').catch(() => {});
        }
      }
    };

    const t0 = Date.now();
    const clients = Array.from({ length: f.students }, (_, i) => client(i));
    const restartMs = new Samples();
    for (let k = 0; k < f.kills; k++) {
      await sleep(f.everyMs);
      process.stderr.write(`fault: kill ${k + 1}/${f.kills} after ${ackCount} acknowledged answers\n`);
      srv.kill('SIGKILL');
      await srv.exited;
      const r0 = Date.now();
      srv = await spawnServer({ dataDir, port, fsync: true });
      restartMs.add(Date.now() - r0);
    }
    await sleep(f.everyMs);
    // The last kill happens with clients still answering, then they stop.
    srv.kill('SIGKILL');
    await srv.exited;
    stopping = true;
    await Promise.all(clients);
    const kills = f.kills + 1;
    const wallSec = (Date.now() - t0) / 1000;

    srv = await spawnServer({ dataDir, port, fsync: true });
    const check = await verify(target, acked);
    await srv.stop();

    const result = {
      bench: 'fault',
      students: f.students,
      kills,
      acknowledged: ackCount,
      attempts: acked.size,
      lost: check.lost,
      changed: check.changed,
      resumeMissing,
      reconnects,
      unexpectedErrors: unexpected.total,
      unexpectedKinds: unexpected.toJSON(),
      outageKinds: outages.toJSON(),
      p50RestartMs: round(restartMs.percentile(50)),
      maxRestartMs: round(restartMs.max()),
      p50ResumeMs: round(resumeLatency.percentile(50)),
      maxResumeMs: round(resumeLatency.max()),
      durationSec: round(wallSec),
    };
    console.log(
      table(
        ['fault run', 'value'],
        [
          ['SIGKILLs (restarts)', `${kills} (${f.kills} under load + 1 final)`],
          ['answers acknowledged to clients', ackCount],
          ['... missing on disk after restart', check.lost],
          ['... on disk with another choice', check.changed],
          ['acked answers missing on resume', resumeMissing],
          ['client reconnects', reconnects],
          ['unexpected errors', unexpected.total],
          ['restart p50 / max ms', `${result.p50RestartMs} / ${result.maxRestartMs}`],
          ['outage seen by a client p50 / max ms', `${result.p50ResumeMs} / ${result.maxResumeMs}`],
        ],
      ),
    );
    console.log(JSON.stringify(result));
    return check.lost === 0 && check.changed === 0 && resumeMissing === 0 && kills >= 5 ? 0 : 1;
  } finally {
    if (!f.keep) scratch.cleanup();
  }
}

/** Looks every acknowledged answer up through the admin's attempts.timeline (what is on disk). */
async function verify(target: Target, acked: Map<string, Map<string, string>>): Promise<{ lost: number; changed: number }> {
  const admin = await adminChannel(target);
  let lost = 0;
  let changed = 0;
  try {
    for (const [attemptId, answers] of acked) {
      if (answers.size === 0) continue;
      const timeline = await admin.request<Record<string, unknown>>('attempts.timeline', { attemptId });
      const stored = storedAnswers(timeline);
      for (const [q, choice] of answers) {
        const got = stored.get(q);
        if (got === undefined) lost++;
        else if (got !== choice) changed++;
      }
    }
  } finally {
    await admin.close('verify done');
  }
  return { lost, changed };
}

/** questionId -> choice from an attempts.timeline answer (PROTOCOL.md 6: "attempt, answers, ..."). */
export function storedAnswers(timeline: Record<string, unknown>): Map<string, string> {
  const attempt = timeline.attempt as { answered?: unknown[] } | undefined;
  const list = (Array.isArray(timeline.answers) ? timeline.answers : (attempt?.answered ?? [])) as { questionId?: string; choice?: string }[];
  return new Map(list.filter((a) => a.questionId).map((a) => [a.questionId!, String(a.choice)]));
}
