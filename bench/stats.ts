// Latency samples, percentiles and the printed tables of the benches.

/** Collects latency samples (ms); percentiles by nearest rank on a sorted copy. */
export class Samples {
  private values: number[] = [];
  add(ms: number): void {
    this.values.push(ms);
  }
  get count(): number {
    return this.values.length;
  }
  percentile(p: number): number {
    if (this.values.length === 0) return 0;
    const sorted = Float64Array.from(this.values).sort();
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[rank];
  }
  max(): number {
    let m = 0;
    for (const v of this.values) if (v > m) m = v;
    return m;
  }
  summary(): { n: number; p50: number; p99: number; max: number } {
    return { n: this.count, p50: round(this.percentile(50)), p99: round(this.percentile(99)), max: round(this.max()) };
  }
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Prints rows as an aligned text table: first column left-aligned, the rest right-aligned. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((v, c) => (c === 0 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** Counts errors by a short label (an AppError / ProtocolError code, or the message). */
export class ErrorTally {
  readonly byKind = new Map<string, number>();
  total = 0;
  add(err: unknown): void {
    const e = err as { code?: string; message?: string };
    const kind = e?.code ?? e?.message ?? String(err);
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
    this.total++;
  }
  toJSON(): Record<string, number> {
    return Object.fromEntries(this.byKind);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
