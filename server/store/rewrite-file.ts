// Files edited in place (questions.csv, exams.csv) are rewritten whole and atomically: temp file,
// fsync, rename, fsync the directory (CONVENTIONS.md habit 5). Saves coalesce: a save requested
// while one runs is served by the next write, which renders the state as it is then.
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writeFileAtomic(path: string, content: string, opts: { fsync: boolean }): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(content);
    if (opts.fsync) await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  if (opts.fsync) await fsyncDir(dirname(path));
}

export async function fsyncDir(dir: string): Promise<void> {
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

export class RewriteFile {
  private running: Promise<void> | null = null;
  private pending: Promise<void> | null = null;

  constructor(
    readonly path: string,
    private readonly render: () => string,
    private readonly fsync: boolean,
  ) {}

  /** Resolves once a write that started after this call (so includes the caller's change) is durable. */
  save(): Promise<void> {
    if (!this.running) {
      this.running = this.write().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    if (!this.pending) {
      this.pending = this.running
        .catch(() => {})
        .then(() => {
          this.pending = null;
          return this.save();
        });
    }
    return this.pending;
  }

  /** Resolves once no save is running or queued. */
  async idle(): Promise<void> {
    while (this.running || this.pending) await (this.pending ?? this.running)!.catch(() => {});
  }

  private write(): Promise<void> {
    return writeFileAtomic(this.path, this.render(), { fsync: this.fsync });
  }
}
