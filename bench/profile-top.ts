// `npm run bench -- profile FILE.cpuprofile [--top N]`: where a V8 CPU profile (node --cpu-prof,
// or a bench's --cpu-prof DIR) spends its time: self time by function and by file.
import fs from 'node:fs';
import path from 'node:path';
import { parseFlagsAndOperands, UsageError } from './args.js';
import { repoRoot } from './server-proc.js';
import { round, table } from './stats.js';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const USAGE = `Usage: npm run bench -- profile FILE.cpuprofile [--top N]`;

export async function main(argv: string[]): Promise<number> {
  const { flags: f, operands } = parseFlagsAndOperands(argv, { top: 25 }, USAGE);
  const [file, ...extra] = operands;
  if (extra.length) throw new UsageError(`one profile at a time, got ${operands.length}`, USAGE);
  if (!file) {
    process.stderr.write(`profile: give a .cpuprofile file\n${USAGE}\n`);
    return 2;
  }
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++)
    selfUs.set(p.samples[i], (selfUs.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const fnSelf = new Map<string, number>();
  const fileSelf = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const cf = byId.get(id)!.callFrame;
    const where = shortUrl(cf.url);
    const fn = `${cf.functionName || '(anonymous)'} ${where ? `${where}:${cf.lineNumber + 1}` : ''}`.trim();
    fnSelf.set(fn, (fnSelf.get(fn) ?? 0) + us);
    const fileKey = where || cf.functionName;
    fileSelf.set(fileKey, (fileSelf.get(fileKey) ?? 0) + us);
  }
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, f.top)
      .map(([k, us]) => [k, round(us / 1000), `${round((100 * us) / total)}%`]);
  console.log(
    `${path.basename(file)}: ${round(total / 1e6, 2)} s sampled over ${round((p.endTime - p.startTime) / 1e6, 2)} s wall`,
  );
  console.log(table(['self time by function', 'ms', 'share'], top(fnSelf)));
  console.log();
  console.log(table(['self time by file', 'ms', 'share'], top(fileSelf)));
  return 0;
}

function shortUrl(url: string): string {
  if (!url) return '';
  const p = url.startsWith('file://') ? url.slice(7) : url;
  const nm = p.lastIndexOf('node_modules/');
  if (nm >= 0) return p.slice(nm + 'node_modules/'.length);
  return p.startsWith(repoRoot) ? path.relative(repoRoot, p) : p;
}
