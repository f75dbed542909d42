// An append-only CSV file with group commit: every row appended while the previous write+fsync is
// running goes out in the next single write + fdatasync, so many acknowledgements share one fsync
// (thousands of durable answers per second on one disk). A row's promise resolves only
// once it is on disk (CONVENTIONS.md habit 5).
import { open, type FileHandle } from 'node:fs/promises';

interface Batch {
  lines: string[];
  done: Promise<void>;
  resolve: () => void;
  reject: (err: Error) => void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  done.catch(() => {}); // observed by whoever appended; avoid unhandled rejections for the rest
  return { lines: [], done, resolve, reject };
}

export class AppendLog {
  private next: Batch | null = null;
  private inFlight: Promise<void> | null = null;
  private failed: Error | null = null;
  private closed = false;
  /** Rows written since open (for tests and logs). */
  rowsWritten = 0;
  flushes = 0;

  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
    private readonly fsync: boolean,
    private end: number,
  ) {}

  static async open(path: string, opts: { fsync: boolean }): Promise<AppendLog> {
    const fh = await open(path, 'a');
    return AppendLog.over(path, fh, opts, (await fh.stat()).size);
  }

  /** A log over an open append-mode handle (tests inject a handle that writes short). */
  static over(path: string, fh: FileHandle, opts: { fsync: boolean }, size = 0): AppendLog {
    return new AppendLog(path, fh, opts.fsync, size);
  }

  /** The file's size once everything appended so far is written: where the next line will start. */
  get queuedEnd(): number {
    return this.end;
  }

  /** Queues one formatted line (ending in '\n'); resolves once it is durable. */
  append(line: string): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.closed) return Promise.reject(new Error(`${this.path} is closed`));
    this.end += Buffer.byteLength(line);
    if (!this.next) this.next = newBatch();
    this.next.lines.push(line);
    const done = this.next.done;
    if (!this.inFlight) this.inFlight = this.drain();
    return done;
  }

  /** Resolves once everything appended so far is durable. */
  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight.catch(() => {});
    if (this.failed) throw this.failed;
  }

  async close(): Promise<void> {
    await this.flush().catch(() => {});
    this.closed = true;
    await this.fh.close();
  }

  private async drain(): Promise<void> {
    // Let every request of this event-loop turn join the first batch.
    await new Promise((r) => setImmediate(r));
    while (this.next) {
      const batch = this.next;
      this.next = null;
      try {
        await this.writeAll(Buffer.from(batch.lines.join(''), 'utf8'));
        if (this.fsync) await this.fh.datasync();
        this.rowsWritten += batch.lines.length;
        this.flushes++;
        batch.resolve();
      } catch (err) {
        // After a failed write we no longer know what is on disk: refuse further appends.
        this.failed = new Error(`cannot write ${this.path}: ${(err as Error).message}`, { cause: err });
        batch.reject(this.failed);
        const queued = this.next as Batch | null; // appended while this batch was being written
        if (queued) queued.reject(this.failed);
        this.next = null;
      }
    }
    this.inFlight = null;
  }

  /**
   * write(2) may write less than asked (e.g. the disk fills up mid-batch) without an error; Node
   * passes that on as bytesWritten. Acknowledging then would ack rows that are not in the file.
   */
  private async writeAll(buf: Buffer): Promise<void> {
    for (let off = 0; off < buf.length;) {
      const { bytesWritten } = await this.fh.write(buf, off, buf.length - off);
      if (bytesWritten <= 0) throw new Error('the disk accepted no bytes');
      off += bytesWritten;
    }
  }
}
