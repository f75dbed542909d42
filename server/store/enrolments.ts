// Face enrolments (PROTOCOL.md 8 identity.*): one file per enrolled student in <data>/enrolments/,
// mode 0600 in a 0700 folder, holding the student's face templates (LBP histograms, never an
// image; docs/proctor.md "Identity"). Written tmp + fsync + rename + fsync(dir); a reset unlinks
// the file and fsyncs the folder, so after a crash or restart the templates are gone for good.
// Templates are kept decoded in memory for comparison and are never returned to any client.
import { mkdir, readdir, readFile, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeTemplate } from '../../protocol/face-template.js';
import { fsyncDir, writeFileAtomic } from './rewrite-file.js';

export const ENROLMENTS_DIR = 'enrolments';
const SUFFIX = '.enrolment.json';

export interface EnrolmentInfo {
  username: string;
  /** Server ms of the enrolment. */
  at: number;
  attemptId: string;
}

interface Enrolment extends EnrolmentInfo {
  /** Decoded histograms (protocol/face-template.ts), for `nearest`. */
  hists: Float32Array[];
}

export class EnrolmentStore {
  private constructor(
    readonly dir: string,
    private readonly byUser: Map<string, Enrolment>,
    private readonly fsync: boolean,
  ) {}

  static async open(dataDir: string, opts: { fsync: boolean; warn?: (line: string) => void }): Promise<EnrolmentStore> {
    const dir = join(dataDir, ENROLMENTS_DIR);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const byUser = new Map<string, Enrolment>();
    for (const name of await readdir(dir)) {
      const file = join(dir, name);
      if (name.includes('.tmp-')) {
        await rm(file, { force: true }); // an enrolment cut short by a crash was never acknowledged
        continue;
      }
      if (!name.endsWith(SUFFIX)) continue;
      try {
        const v = JSON.parse(await readFile(file, 'utf8')) as {
          username: string;
          at: number;
          attemptId: string;
          templates: string[];
        };
        const hists = v.templates.map((t) => decodeTemplate(new Uint8Array(Buffer.from(t, 'base64'))));
        if (
          typeof v.username !== 'string' ||
          !Number.isFinite(v.at) ||
          typeof v.attemptId !== 'string' ||
          hists.length === 0
        )
          throw new Error('missing fields');
        byUser.set(v.username, { username: v.username, at: v.at, attemptId: v.attemptId, hists });
      } catch (e) {
        // Not fatal: the student is treated as not enrolled and enrols again at the next proctored exam.
        opts.warn?.(
          `${ENROLMENTS_DIR}/${name}: unreadable enrolment ignored (${(e as Error).message}); reset it with identity.reset or delete the file`,
        );
      }
    }
    return new EnrolmentStore(dir, byUser, opts.fsync);
  }

  get(username: string): EnrolmentInfo | undefined {
    const e = this.byUser.get(username);
    return e && { username: e.username, at: e.at, attemptId: e.attemptId };
  }

  /** The decoded templates of a student, for the server's own comparison only. */
  histograms(username: string): Float32Array[] | undefined {
    return this.byUser.get(username)?.hists;
  }

  list(): EnrolmentInfo[] {
    return [...this.byUser.values()].map((e) => ({ username: e.username, at: e.at, attemptId: e.attemptId }));
  }

  fileOf(username: string): string {
    return join(this.dir, `${Buffer.from(username, 'utf8').toString('hex')}${SUFFIX}`);
  }

  /** Durable before it resolves; the caller checked the templates decode. */
  async enrol(info: EnrolmentInfo, templates: Uint8Array[]): Promise<void> {
    const hists = templates.map((t) => decodeTemplate(t));
    const file = this.fileOf(info.username);
    const body = JSON.stringify({ ...info, templates: templates.map((t) => Buffer.from(t).toString('base64')) });
    await writeFileAtomic(file, body, { fsync: this.fsync }); // 0600 temp, fsync, rename, fsync the folder
    this.byUser.set(info.username, { ...info, hists });
  }

  /** Deletes the templates from disk (durably) and memory; false when there were none. */
  async reset(username: string): Promise<boolean> {
    const had = this.byUser.delete(username);
    try {
      await unlink(this.fileOf(username));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (this.fsync) await fsyncDir(this.dir);
    return had;
  }
}
