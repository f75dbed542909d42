// `npm run bench -- fault`: under load the server child is killed with SIGKILL and restarted on the
// same data directory and port; clients reconnect and resume their open attempt (PROTOCOL.md 6
// exam.start returns it again). At the end the server is killed once more, restarted, and every
// answer any client saw acknowledged is looked up on disk through attempts.timeline: 0 lost.
// Then the lab restart (bench/fault-lab.ts): 1,000 students in their exams, one SIGKILL, and the
// time until all of them are back in their attempt, with auth.resume and with password logins.
import fs from 'node:fs';
import path from 'node:path';
import type { ClientChannel } from '../protocol/api.js';
import { ProtocolError } from '../protocol/errors.js';
import type { Attempt } from '../protocol/messages.js';
import { parseFlags } from './args.js';
import { spawnServer, type ServerProc } from './server-proc.js';
import { adminChannel, copyTemplate, prepareTemplate, scratchRoot } from './setup.js';
import { ErrorTally, Samples, round, sleep, table } from './stats.js';
import { labRestart, type LabResult } from './fault-lab.js';
import { open, randomChoice, STUDENT_PASSWORD, studentName, type Target } from './student.js';

// Clients answer back to back and start attempt after attempt: far over one student's budgets,
// which this bench does not measure (server-child.ts).
const LIFT = { BENCH_LIFT_STUDENT_LIMITS: '1' };

const USAGE = `Usage: npm run bench -- fault [options]
  --students N      clients answering during the kills (default 60)
  --kills N         SIGKILL + restart cycles (default 6; the target needs at least 5)
  --every-ms MS     time under load between kills (default 3000)
  --think-ms MS     pause between a client's answers (default 20)
  --questions N     questions per attempt (default 10)
  --course NAME     (default DSA)
  --lab-students N  students in the lab restart (default 1000; 0 skips it)
  --lab-modes LIST  resume,password (default both: auth.resume, and the 1.0 password login baseline)
  --lab-answers N   answers each lab student gives before the kill (default 3)
  --keep            keep the scratch data directory`;

/** Channel failures a client expects while the server is being killed. */
function isOutage(e: unknown): boolean {
  return e instanceof ProtocolError;
}

export async function main(argv: string[]): Promise<number> {
  const f = parseFlags(
    argv,
    {
      students: 60,
      kills: 6,
      everyMs: 3000,
      thinkMs: 20,
      questions: 10,
      course: 'DSA',
      labStudents: 1000,
      labModes: 'resume,password',
      labAnswers: 3,
      keep: false,
    },
    USAGE,
  );
  const scratch = scratchRoot('fault');
  try {
    const template = await prepareTemplate(
      scratch.root,
      f.students,
      { course: f.course, count: f.questions, minutes: 120, proctored: false, attempts: 0 },
      'f',
    );
    const dataDir = copyTemplate(template, path.join(scratch.root, 'run'));
    let srv: ServerProc = await spawnServer({ dataDir, fsync: true, env: LIFT });
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
      let token: string | undefined; // as client/session.ts: resume after a reconnect (PROTOCOL.md 8)
      while (!stopping) {
        let ch: ClientChannel | undefined;
        try {
          ch = await open(target);
          const r = token
            ? await ch.request<{ resume: { token: string } }>('auth.resume', { token }).catch(() => null)
            : null;
          if (r) {
            token = r.resume.token;
            ch.setRole('student');
          } else {
            token = (
              await ch.request<{ resume?: { token: string } }>('auth.login', {
                username,
                password: STUDENT_PASSWORD,
                role: 'student',
              })
            ).resume?.token;
            ch.setRole('student');
          }
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
      srv = await spawnServer({ dataDir, port, fsync: true, env: LIFT });
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

    srv = await spawnServer({ dataDir, port, fsync: true, env: LIFT });
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
    const killsOk = check.lost === 0 && check.changed === 0 && resumeMissing === 0 && kills >= 5;
    const labOk = await lab(f, scratch.root);
    return killsOk && labOk ? 0 : 1;
  } finally {
    if (!f.keep) scratch.cleanup();
  }
}

/** The lab restart in each mode; true when the resume mode meets its targets (5 s, 0 hashes, 0 lost). */
async function lab(
  f: { labStudents: number; labModes: string; labAnswers: number; course: string; questions: number },
  root: string,
): Promise<boolean> {
  if (f.labStudents <= 0) return true;
  const labRoot = path.join(root, 'lab');
  fs.mkdirSync(labRoot, { recursive: true });
  const template = await prepareTemplate(
    labRoot,
    f.labStudents,
    { course: f.course, count: f.questions, minutes: 120, proctored: false, attempts: 0 },
    'L',
  );
  const results: LabResult[] = [];
  for (const mode of f.labModes.split(',').filter(Boolean) as ('resume' | 'password')[]) {
    results.push(
      await labRestart(
        template,
        path.join(labRoot, mode),
        mode,
        { students: f.labStudents, answersBefore: f.labAnswers, concurrency: 50, course: f.course },
        (s) => process.stderr.write(`${s}\n`),
      ),
    );
  }
  console.log(
    table(
      [
        'lab restart: after SIGKILL',
        ...results.map((r) => `${r.mode === 'resume' ? 'auth.resume' : 'password login (1.0)'}`),
      ],
      [
        ['students in their exams', ...results.map((r) => r.students)],
        ['server restart (spawn to ready) s', ...results.map((r) => r.restartSec)],
        [
          'connected (handshake done) p50 / max s',
          ...results.map((r) => `${r.connectedSec.p50} / ${r.connectedSec.max}`),
        ],
        ['resumed or logged in p50 / max s', ...results.map((r) => `${r.authSec.p50} / ${r.authSec.max}`)],
        ['back in their attempt p50 / p99 s', ...results.map((r) => `${r.backSec.p50} / ${r.backSec.p99}`)],
        ['ALL back in their attempt after s', ...results.map((r) => r.allBackSec)],
        ['server CPU s while they came back', ...results.map((r) => r.serverCpuSec)],
        ['password hashes run for the returns', ...results.map((r) => r.hashesForReturns)],
        ['resumes / resume fallbacks to password', ...results.map((r) => `${r.resumes} / ${r.resumeFallbacks}`)],
        ['answers acknowledged (before + 1 after)', ...results.map((r) => r.acknowledged)],
        ['acknowledged answers lost', ...results.map((r) => r.lost)],
        ['client retries (connect refused etc.)', ...results.map((r) => r.errors)],
      ],
    ),
  );
  for (const r of results) console.log(JSON.stringify({ bench: 'fault-lab', ...r }));
  const resume = results.find((r) => r.mode === 'resume');
  return !resume || (resume.allBackSec <= 5 && resume.hashesForReturns === 0 && resume.lost === 0);
}

/** Looks every acknowledged answer up through the admin's attempts.timeline (what is on disk). */
async function verify(
  target: Target,
  acked: Map<string, Map<string, string>>,
): Promise<{ lost: number; changed: number }> {
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
  const list = (Array.isArray(timeline.answers) ? timeline.answers : (attempt?.answered ?? [])) as {
    questionId?: string;
    choice?: string;
  }[];
  return new Map(list.filter((a) => a.questionId).map((a) => [a.questionId!, String(a.choice)]));
}
