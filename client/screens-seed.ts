// The data the screenshots show, made through the real server: accounts, finished attempts with
// presence reports for the reports and timeline, and 30 students held open for the Live screen.
// client/screens-capture.ts starts the server and walks the client through the screens.
import { connect } from '../protocol/connect.js';
import { encodeTemplate, LBP_PARAMS, CELL_PIXELS } from '../protocol/face-template.js';
import { CHOICES, type Attempt, type PresenceState, type Question } from '../protocol/messages.js';
import { addAdmin } from '../server/admin-ops.js';
import { Api } from './api.js';
import { keyFromHex } from './known-hosts.js';

/** Finished attempts with chosen accuracy and a proctored one with absences, for the reports. */
export const clock = { skew: 0 };
/** Attempts with presence reports, for the timeline screenshot. */
export const watched: string[] = [];

export async function prepare(host: string, port: number, fp: string, dataDir: string): Promise<void> {
  await addAdmin(dataDir, 'admin', 'admin-pass-1');
  const open = async () => new Api(await connect({ host, port, serverKey: keyFromHex(fp) }));
  const admin = await open();
  await admin.login('admin', 'admin-pass-1', 'admin');
  // Options are shuffled per attempt: find the right option by its text.
  const key = new Map((await admin.questions()).map((q: Question) => [q.id, q.options[CHOICES.indexOf(q.answer)]]));
  // The server runs on a clock the script moves forward (see main), so an attempt spans minutes
  // and the proctor's heartbeats arrive over that time, as they would in a real exam.
  const take = async (api: Api, course: string, rightShare: number, presence = false) => {
    const a: Attempt = await api.startExam(course);
    if (presence) watched.push(a.attemptId);
    let t = 0;
    let seq = 1;
    for (const [i, q] of a.questions.entries()) {
      for (let k = 0; k < 4; k++, t += 5_000) {
        clock.skew += 5_000;
        if (!presence) continue;
        const state = t >= 40_000 && t < 75_000 ? 'absent' : t >= 120_000 && t < 140_000 ? 'multiple' : 'present';
        await api.reportPresence(a.attemptId, [
          { seq: seq++, at: t, state, faces: state === 'absent' ? 0 : state === 'multiple' ? 2 : 1, fps: 5 },
        ]);
      }
      const r = q.options.indexOf(key.get(q.id)!);
      const right = CHOICES[r];
      const wrong = CHOICES[(r + 1) % q.options.length];
      await api.answer(a.attemptId, q.id, i < Math.round(rightShare * a.questions.length) ? right : wrong);
    }
    await api.finish(a.attemptId);
  };
  const students: [string, [string, number, boolean?][]][] = [
    [
      'maya',
      [
        ['PF', 0.4],
        ['PF', 0.6],
        ['DSA', 0.5, true],
        ['PF', 0.8],
        ['OOP', 0.7],
      ],
    ],
    [
      'omar',
      [
        ['PF', 0.3],
        ['DSA', 0.8],
        ['OOP', 0.5, true],
      ],
    ],
    [
      'lin',
      [
        ['PF', 0.9],
        ['DSA', 0.6],
        ['OOP', 0.9],
      ],
    ],
  ];
  // A long question (issue: at 80x24 it must be readable in full) in a course with 2 attempts.
  const long =
    'A university lab runs a proctored exam server on one machine. During the exam the machine loses power for ninety seconds; ' +
    'when it comes back the administrator restarts the server from the same data directory. One student had answered four of ten ' +
    'questions and had typed a fifth answer while the server was down; the client showed that the answer would be sent when the ' +
    'connection was back. Another student had just finished. A third had not yet started, but had the course list open on screen. ' +
    'The instructor wants every student to lose neither time nor attempts because of the outage, and wants a record of what the ' +
    'server did about it, so that a complaint can be checked afterwards against the files in the data directory. Which of the ' +
    'following describes what the server should do when it starts again, before it accepts any connection from a student?';
  await admin.createQuestion({
    text: long,
    concept: 'Fairness',
    difficulty: 'Hard',
    course: 'Reading',
    answer: 'C',
    options: [
      'Expire every attempt that was open when the power failed, and let the students start a new attempt if their course allows one more.',
      'Keep every open attempt but leave its deadline as it was: the students had the same outage, so nobody gains or loses against the others.',
      'Find out when it went down (its last mark or last durable record), move the deadline of every attempt still running then by the time it was down, and write each extension to the audit log.',
      'Start a fresh attempt for every student who had one open, copying the answers already given, so that the clock starts again from the full exam time.',
      'Ask each student, when they reconnect, whether they want their attempt extended, and extend it by the number of minutes they type.',
      'Nothing: the clients keep the time while the server is down and finish the attempts on their own when their clocks reach zero.',
    ],
  });
  await admin.configureExam('Reading', { count: 1, minutes: 20, proctored: false, attempts: 2 });
  await admin.configureExam('PF', { count: 10, minutes: 15, proctored: false, attempts: 5 });
  for (const [name, plan] of students) {
    const api = await open();
    await api.register(name, `${name}-pass-123`);
    await api.login(name, `${name}-pass-123`, 'student');
    for (const [course, share, p] of plan) await take(api, course, share, p);
  }
}

/** 30 students in a DSA exam, held open for the Live screen: a few absent, with several faces, silent, offline or nearly out of time. */
const NAMES = [
  'ada',
  'ben',
  'chloe',
  'dev',
  'elif',
  'farid',
  'grace',
  'hugo',
  'ines',
  'jon',
  'kemal',
  'lea',
  'moana',
  'nadia',
  'oscar',
  'pia',
  'quinn',
  'rosa',
  'sam',
  'tariq',
  'uma',
  'vlad',
  'wen',
  'xia',
  'yusuf',
  'zoe',
  'arjun',
  'bea',
  'carl',
  'dina',
];
const live: Api[] = [];
const liveChannels: { close(): Promise<void> }[] = [];
let heartbeats: NodeJS.Timeout | undefined;

export async function prepareLive(host: string, port: number, fp: string): Promise<void> {
  const attempts: Attempt[] = [];
  const startOne = async (name: string) => {
    const ch = await connect({ host, port, serverKey: keyFromHex(fp) });
    liveChannels.push(ch);
    const api = new Api(ch);
    await api.register(name, `${name}-pass-123`);
    await api.login(name, `${name}-pass-123`, 'student');
    live.push(api);
    attempts.push(await api.startExam('DSA'));
  };
  // Two started 13 minutes earlier: their 15 minutes are nearly up.
  for (const name of NAMES.slice(0, 2)) await startOne(name);
  clock.skew += 13 * 60_000;
  for (const name of NAMES.slice(2)) await startOne(name);
  // The proctors: one report each now, then heartbeats every 4 s (real time) except from the two
  // that go quiet (silent after 15 s) and the stopped one (a stopped proctor sends nothing).
  const states: Record<number, PresenceState> = {
    3: 'absent',
    11: 'absent',
    7: 'multiple',
    15: 'camera-error',
    21: 'stopped',
  };
  const quiet = new Set([1, 25, 21]);
  let seq = 0;
  const report = async (i: number) => {
    const state: PresenceState = states[i] ?? 'present';
    await live[i].reportPresence(attempts[i].attemptId, [
      { seq: ++seq, at: Date.now(), state, faces: state === 'multiple' ? 2 : state === 'present' ? 1 : 0, fps: 5 },
    ]);
  };
  for (const [i, a] of attempts.entries()) {
    for (const q of a.questions.slice(0, (i * 7) % 11)) await live[i].answer(a.attemptId, q.id, 'A');
    await report(i);
  }
  // A few faces enrolled, for the Face enrolments screen: templates of the real shape (one LBP
  // pattern per cell) that the proctor would have made from the camera.
  const face = (k: number) => {
    const cells = LBP_PARAMS.gridX * LBP_PARAMS.gridY;
    const counts = new Uint16Array(cells * 256);
    for (let c = 0; c < cells; c++) counts[c * 256 + ((c * 7 + k) % 256)] = CELL_PIXELS;
    return encodeTemplate(counts);
  };
  for (const i of [0, 4, 6]) await live[i].enrolIdentity(attempts[i].attemptId, [face(i), face(i + 1), face(i + 2)]);
  // Two lose their connection.
  const offline = new Set([9, 18]);
  for (const i of offline) await liveChannels[i].close();
  heartbeats = setInterval(() => {
    for (let i = 0; i < attempts.length; i++) if (!quiet.has(i) && !offline.has(i)) report(i).catch(() => {});
  }, 4_000);
}

/** Stops the Live screen's students: their heartbeats, then their connections. */
export async function stopLive(): Promise<void> {
  clearInterval(heartbeats);
  for (const ch of liveChannels) await ch.close().catch(() => {});
}
