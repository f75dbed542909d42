// `npm run bench -- slow`: 1,000 raw sockets that stop mid-handshake or mid-frame must be closed by
// the server within the handshake limit (10 s, PROTOCOL.md 3) or the silence limit (60 s,
// PROTOCOL.md 5), while real students keep answering with p99 under 100 ms.
import net from 'node:net';
import path from 'node:path';
import nacl from 'tweetnacl';
import { CLOSE_AFTER_SILENCE_MS, HANDSHAKE_TIMEOUT_MS, PREAMBLE } from '../protocol/limits.js';
import { parseFlags } from './args.js';
import { spawnServer } from './server-proc.js';
import { copyTemplate, prepareTemplate, scratchRoot } from './setup.js';
import { Samples, round, sleep, table } from './stats.js';
import { Metrics, stayingStudent, studentName, type Target } from './student.js';

const USAGE = `Usage: npm run bench -- slow [options]
  --sockets N       stalling sockets, split evenly over the kinds (default 1000)
  --students N      real students answering meanwhile (default 100)
  --think-min-ms MS (default 500)
  --think-max-ms MS (default 1500)
  --open-per-sec N  how fast the stalling sockets are opened (default 500)
  --slack-ms MS     allowed lateness over a limit (default 3000)
  --course NAME     (default DSA)
  --keep            keep the scratch data directory`;

/** What each kind sends before it stalls, and the limit the server must close it within. */
const KINDS = {
  silent: { limitMs: HANDSHAKE_TIMEOUT_MS, what: 'connects, sends nothing' },
  'mid-preamble': { limitMs: HANDSHAKE_TIMEOUT_MS, what: '4 of the 8 preamble bytes' },
  'mid-handshake': { limitMs: HANDSHAKE_TIMEOUT_MS, what: 'preamble + half of eC' },
  'mid-frame': { limitMs: CLOSE_AFTER_SILENCE_MS, what: 'handshake done, 40 of 100 frame bytes' },
  trickle: { limitMs: CLOSE_AFTER_SILENCE_MS, what: 'handshake done, then 1 frame byte every 5 s' },
} as const;
type Kind = keyof typeof KINDS;

interface SlowResult {
  kind: Kind;
  closeMs: number | null;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** Opens one stalling socket; resolves with how long the server took to close it (null: still open at giveUpAt). */
function stall(port: number, kind: Kind, giveUpAt: number): Promise<SlowResult> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const s = net.connect({ host: '127.0.0.1', port });
    let trickleTimer: NodeJS.Timeout | undefined;
    let received = 0;
    const finish = (closeMs: number | null) => {
      clearTimeout(giveUp);
      if (trickleTimer) clearInterval(trickleTimer);
      s.destroy();
      resolve({ kind, closeMs });
    };
    const giveUp = setTimeout(() => finish(null), Math.max(0, giveUpAt - Date.now()));
    s.on('error', () => {}); // a reset is a close too
    s.on('close', () => finish(Date.now() - t0));
    s.on('connect', () => {
      if (kind === 'silent') return;
      if (kind === 'mid-preamble') return void s.write(PREAMBLE.subarray(0, 4));
      const eC = nacl.box.keyPair().publicKey;
      if (kind === 'mid-handshake') return void s.write(Buffer.concat([PREAMBLE, u32(32), eC.subarray(0, 16)]));
      s.write(Buffer.concat([PREAMBLE, u32(32), eC]));
    });
    s.on('data', (d: Buffer) => {
      // The server's eS || welcome arrived (handshake complete from its side): now stall mid-frame.
      if (received === 0) {
        s.write(Buffer.concat([u32(100), Buffer.alloc(kind === 'mid-frame' ? 40 : 1, 7)]));
        if (kind === 'trickle') trickleTimer = setInterval(() => s.write(Buffer.of(7)), 5000);
      }
      received += d.length;
    });
  });
}

export async function main(argv: string[]): Promise<number> {
  const f = parseFlags(
    argv,
    {
      sockets: 1000,
      students: 100,
      thinkMinMs: 500,
      thinkMaxMs: 1500,
      openPerSec: 500,
      slackMs: 3000,
      course: 'DSA',
      keep: false,
    },
    USAGE,
  );
  const scratch = scratchRoot('slow');
  try {
    const template = await prepareTemplate(
      scratch.root,
      f.students,
      { course: f.course, count: 10, minutes: 120, proctored: true, attempts: 0 },
      'w',
    );
    const dataDir = copyTemplate(template, path.join(scratch.root, 'run'));
    const srv = await spawnServer({ dataDir, fsync: true });
    const target: Target = { port: srv.port, serverKey: srv.publicKey, seal: true };
    const m = new Metrics();
    let stop = false;
    const plan = {
      course: f.course,
      thinkMinMs: f.thinkMinMs,
      thinkMaxMs: f.thinkMaxMs,
      presenceEveryMs: 5000,
      stop: () => stop,
    };
    const students = Array.from({ length: f.students }, (_, i) => stayingStudent(target, studentName(i, 'w'), plan, m));
    await Promise.all(students.map((s) => s.ready));
    m.keepAnswerLog = true;

    const kinds = Object.keys(KINDS) as Kind[];
    const maxLimit = Math.max(...kinds.map((k) => KINDS[k].limitMs));
    const t0 = Date.now();
    const giveUpAt = t0 + (f.sockets / f.openPerSec) * 1000 + maxLimit + 2 * f.slackMs;
    const slow: Promise<SlowResult>[] = [];
    for (let i = 0; i < f.sockets; i++) {
      slow.push(stall(srv.port, kinds[i % kinds.length], giveUpAt));
      if (i % 50 === 49) await sleep((50 / f.openPerSec) * 1000);
    }
    const results = await Promise.all(slow);
    const underAttackSec = (Date.now() - t0) / 1000;
    const peakRss = srv.usage().peakRssMb;
    stop = true;
    await Promise.all(students.map((s) => s.done));
    await srv.stop();

    const rows = kinds.map((k) => {
      const mine = results.filter((r) => r.kind === k);
      const closed = mine.filter((r) => r.closeMs !== null).map((r) => r.closeMs!);
      const within = closed.filter((ms) => ms <= KINDS[k].limitMs + f.slackMs).length;
      return {
        kind: k,
        sockets: mine.length,
        within,
        stillOpen: mine.length - closed.length,
        minS: closed.length ? round(Math.min(...closed) / 1000) : 0,
        maxS: closed.length ? round(Math.max(...closed) / 1000) : 0,
      };
    });
    console.log(
      table(
        ['kind', 'sockets', 'closed within limit', 'left open', 'closed after s (min-max)', 'limit s', 'stalls after'],
        rows.map((r) => [
          r.kind,
          r.sockets,
          r.within,
          r.stillOpen,
          `${r.minS}-${r.maxS}`,
          KINDS[r.kind].limitMs / 1000,
          KINDS[r.kind].what,
        ]),
      ),
    );
    // Latency of the real students while the stalling sockets were open (the attack window).
    const during = new Samples();
    for (const a of m.answerLog) if (a.at >= t0 && a.at <= t0 + underAttackSec * 1000) during.add(a.ms);
    const ans = during.summary();
    console.log(
      `real students: ${f.students}, answers during the attack ${ans.n}, p50 ${ans.p50} ms, p99 ${ans.p99} ms, max ${ans.max} ms, errors ${m.errors.total}`,
    );
    const within = rows.reduce((n, r) => n + r.within, 0);
    const result = {
      bench: 'slow',
      sockets: f.sockets,
      closedWithinLimits: within,
      notClosedWithinLimits: f.sockets - within,
      byKind: Object.fromEntries(
        rows.map((r) => [r.kind, { within: r.within, open: r.stillOpen, maxCloseSec: r.maxS }]),
      ),
      students: f.students,
      answers: ans.n,
      p50AnswerMs: ans.p50,
      p99AnswerMs: ans.p99,
      errors: m.errors.total,
      errorKinds: m.errors.toJSON(),
      rssMb: round(peakRss),
      durationSec: round(underAttackSec),
    };
    console.log(JSON.stringify(result));
    return within === f.sockets && ans.p99 < 100 && m.errors.total === 0 ? 0 : 1;
  } finally {
    if (!f.keep) scratch.cleanup();
  }
}
