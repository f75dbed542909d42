// `npm run bench -- <name> [options]` (node --import tsx bench/main.ts): one entry for every bench.
// Modules load lazily: bench/channel.ts and bench/detect.ts belong to other areas and may be absent.
import { subcommandLines, type Subcommand } from '../common/subcommands.js';
import { UsageError, UsageRequest } from './args.js';

interface BenchModule {
  main(argv: string[]): Promise<number>;
}

const BENCHES: Subcommand<BenchModule>[] = [
  {
    name: 'load',
    summary: 'N students over encrypted TCP; as shipped, fsync off, sealing off',
    load: () => import('./load.js'),
  },
  {
    name: 'throughput',
    summary: '16 clients answering back to back: durably acked answers/s',
    load: () => import('./throughput.js'),
  },
  {
    name: 'fault',
    summary: 'SIGKILL + restart under load, 0 answers lost; then 1,000 students back in their exams via auth.resume',
    load: () => import('./fault.js'),
  },
  {
    name: 'slow',
    summary: '1,000 sockets stalling mid-handshake / mid-frame while students answer',
    load: () => import('./slow-clients.js'),
  },
  {
    name: 'storm',
    summary: '500 students log in at once during an exam; login capacity per hashing mode',
    load: () => import('./login-storm.js'),
  },
  {
    name: 'abuse-stranger',
    summary: 'pre-login attacks by strangers beside 100 students: answer p99, login time, RSS',
    load: () => import('./abuse-stranger.js'),
  },
  {
    name: 'abuse-student',
    summary: 'one scripted student (and a 20,000-row import) beside 100 honest students',
    load: () => import('./abuse-student.js'),
  },
  {
    name: 'live',
    summary: '1,000 students in exams + 5 live consoles (1 never reads): update latency, answer p99, RSS',
    load: () => import('./live.js'),
  },
  {
    name: 'profile',
    summary: 'summarise a .cpuprofile: self time by function and by file',
    load: () => import('./profile-top.js'),
  },
  {
    name: 'channel',
    summary: 'protocol layer: handshake and sealed frame costs',
    load: () => import(/* other helper */ './channel.js' as string) as Promise<BenchModule>,
  },
  {
    name: 'detect',
    summary: 'proctor face detection frame rate',
    load: () => import(/* other helper */ './detect.js' as string) as Promise<BenchModule>,
  },
  {
    name: 'proctor-eval',
    summary: 'proctor on labelled variants: accuracy, absences, several faces, CPU',
    load: () => import('./proctor-eval.js'),
  },
  {
    name: 'identity-eval',
    summary: 'face verification: genuine/impostor distances, FAR/FRR, CPU',
    load: () => import('./identity-eval.js'),
  },
];

function usage(): string {
  return [
    'Usage: npm run bench -- <name> [options]     (each bench: <name> --help)',
    '',
    ...subcommandLines([
      ...BENCHES,
      { name: 'all', summary: 'load, throughput, fault, slow, storm with their defaults (about 10 minutes)' },
    ]),
    '',
  ].join('\n');
}

async function runOne(name: string, argv: string[]): Promise<number> {
  const bench = BENCHES.find((b) => b.name === name);
  if (!bench) {
    process.stderr.write(`bench: unknown bench '${name}'\n${usage()}`);
    return 2;
  }
  let mod: BenchModule;
  try {
    mod = await bench.load();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_MODULE_NOT_FOUND') {
      process.stderr.write(`bench: '${name}' is not available in this checkout (${err.message.split('\n')[0]})\n`);
      return 2;
    }
    throw e;
  }
  try {
    return await mod.main(argv);
  } catch (e) {
    if (e instanceof UsageRequest) {
      process.stdout.write(e.usage + '\n');
      return 0;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`bench ${name}: ${e.message}\n${e.usage}\n`);
      return 2;
    }
    throw e;
  }
}

export async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  if (name !== 'all') return runOne(name, rest);
  let worst = 0;
  for (const b of ['load', 'throughput', 'fault', 'slow', 'storm']) {
    process.stderr.write(`\n=== bench ${b} ===\n`);
    worst = Math.max(worst, await runOne(b, rest));
  }
  return worst;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
