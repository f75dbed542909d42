// The lab restart's returning students (bench/fault-lab.ts), in their own lower-priority process:
// in a real lab each student's machine does its own X25519, so these handshakes should not take
// the server's cores. Reads one JSON line {port, key, course, students: [{name, token?, attemptId,
// acked: [[questionId, choice]]}]}, prints {"ready":true}, waits for a line holding the restarted
// server's ready time (ms since 1970), brings every student back at once, prints one JSON result.
import readline from 'node:readline';
import type { Attempt } from '../protocol/messages.js';
import type { ClientChannel } from '../protocol/api.js';
import { sleep } from './stats.js';
import { login, open, randomChoice, type Target } from './student.js';

interface In {
  port: number;
  key: string;
  course: string;
  students: { name: string; token?: string; attemptId: string; acked: [string, string][] }[];
}

const rl = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const job = JSON.parse((await rl.next()).value as string) as In;
const target: Target = { port: job.port, serverKey: Uint8Array.from(Buffer.from(job.key, 'hex')), seal: true };
process.stdout.write(JSON.stringify({ ready: true }) + '\n');
const tReady = Number((await rl.next()).value);

const connected: number[] = [];
const authed: number[] = [];
const back: number[] = [];
let fallbacks = 0;
let missing = 0;
let errors = 0;
let answered = 0;
const channels: ClientChannel[] = [];
await Promise.all(
  job.students.map(async (s) => {
    await sleep(Math.random() * 250); // the reconnect loop's jitter
    let token = s.token;
    for (let tries = 0; tries < 50; tries++) {
      let ch: ClientChannel | undefined;
      try {
        ch = await open(target);
        connected.push(Date.now() - tReady);
        if (token) {
          try {
            token = (await ch.request<{ resume: { token: string } }>('auth.resume', { token })).resume.token;
          } catch (e) {
            if ((e as { code?: string }).code !== 'AUTH_FAILED') throw e;
            fallbacks++;
            token = undefined;
            await login(ch, s.name);
          }
        } else {
          await login(ch, s.name);
        }
        ch.setRole('student');
        authed.push(Date.now() - tReady);
        const attempt = await ch.request<Attempt>('exam.start', { course: job.course });
        back.push(Date.now() - tReady);
        const got = new Map(attempt.answered.map((a) => [a.questionId, a.choice as string]));
        for (const [q, c] of s.acked) if (attempt.attemptId !== s.attemptId || got.get(q) !== c) missing++;
        const q = attempt.questions.find((x) => !got.has(x.id));
        if (q) {
          await ch.request('exam.answer', {
            attemptId: attempt.attemptId,
            questionId: q.id,
            choice: randomChoice(q.options.length),
          });
          answered++;
        }
        channels.push(ch);
        return;
      } catch {
        errors++;
        await ch?.close('retry').catch(() => {});
        await sleep(100 + Math.random() * 200);
      }
    }
  }),
);
process.stdout.write(JSON.stringify({ connected, authed, back, fallbacks, missing, errors, answered }) + '\n');
for (const ch of channels) await ch.close('bench done').catch(() => {});
process.exit(0);
