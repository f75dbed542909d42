// tokens.csv: the resume tokens' event log (server/auth/tokens.ts), hashes only, never a token.
// Appended with group commit like every log here: a token reaches its client only after the row
// that makes it valid is on disk, so a server killed right after a login or resume still knows the
// token it gave out. At start-up the file is replayed and rewritten with the live tokens only
// (temp file + fsync + rename), so it stays small however long the server runs.
import { join } from 'node:path';
import type { Role } from '../../protocol/messages.js';
import { TokenTable, type ResumedToken, type TokenEvent, type TokenGrant } from '../auth/tokens.js';
import { AppendLog } from './append-log.js';
import { formatRow } from './csv.js';
import { intField, oneOf, RowError, type TableSpec } from './load.js';
import { streamTable } from './stream-table.js';
import { writeFileAtomic } from './rewrite-file.js';

export const TOKENS_FILE = 'tokens.csv';
export const TOKENS_HEADER = ['At', 'Event', 'Family', 'Hash', 'Username', 'Role', 'Expires'] as const;

export const tokensTable: TableSpec<TokenEvent> = {
  file: TOKENS_FILE,
  header: TOKENS_HEADER,
  appendOnly: true,
  parse(cells) {
    const [at, event, family, hash, username, role, expires] = cells;
    const when = intField(at, 'At');
    switch (oneOf(event, ['issue', 'rotate', 'revoke'] as const, 'Event')) {
      case 'issue':
        if (!/^[0-9a-f]{64}$/.test(hash)) throw new RowError('Hash must be 64 hex digits');
        return {
          at: when,
          event: 'issue',
          family,
          hash,
          username,
          role: oneOf(role, ['student', 'admin'] as const, 'Role'),
          expires: intField(expires, 'Expires'),
        };
      case 'rotate':
        return { at: when, event: 'rotate', family, hash };
      case 'revoke':
        return { at: when, event: 'revoke', family, username };
    }
  },
};

export function tokenRow(e: TokenEvent): string {
  switch (e.event) {
    case 'issue':
      return formatRow([e.at, e.event, e.family, e.hash, e.username, e.role, e.expires], { singleLine: true });
    case 'rotate':
      return formatRow([e.at, e.event, e.family, e.hash, '', '', ''], { singleLine: true });
    case 'revoke':
      return formatRow([e.at, e.event, e.family, '', e.username, '', ''], { singleLine: true });
  }
}

/** The App's resume tokens: the table in memory plus (when opened on a directory) its durable log. */
export class ResumeTokens {
  private constructor(
    private readonly table: TokenTable,
    private readonly log: AppendLog | null,
  ) {}

  /** Tokens that live only as long as the process (tests, offline tools that never issue any). */
  static memory(table = new TokenTable()): ResumeTokens {
    return new ResumeTokens(table, null);
  }

  static async open(dir: string, opts: { fsync: boolean; now: number; table?: TokenTable }): Promise<ResumeTokens> {
    const table = opts.table ?? new TokenTable();
    const path = join(dir, TOKENS_FILE);
    await streamTable(path, tokensTable, (value) => table.apply(value));
    table.prune(opts.now);
    // Compact: only live tokens survive (a torn last line, never acknowledged, goes with the rest).
    const rows = table.snapshot(opts.now);
    await writeFileAtomic(path, formatRow(TOKENS_HEADER) + rows.map(tokenRow).join(''), { fsync: opts.fsync });
    return new ResumeTokens(table, await AppendLog.open(path, { fsync: opts.fsync }));
  }

  get live(): number {
    return this.table.size;
  }

  async issue(username: string, role: Role, now: number): Promise<TokenGrant> {
    const { grant, events } = this.table.issue(username, role, now);
    await this.persist(events);
    return grant;
  }

  holder(token: string, now: number): ResumedToken | null {
    return this.table.holder(token, now);
  }

  async resume(token: string, now: number): Promise<{ who: ResumedToken; grant: TokenGrant } | null> {
    const r = this.table.resume(token, now);
    if (!r) return null;
    await this.persist(r.events);
    return { who: r.who, grant: r.grant };
  }

  revokeFamily(family: string, now: number): Promise<void> {
    return this.persist(this.table.revokeFamily(family, now));
  }

  revokeUser(username: string, now: number): Promise<void> {
    return this.persist(this.table.revokeUser(username, now));
  }

  async close(): Promise<void> {
    await this.log?.close();
  }

  private async persist(events: TokenEvent[]): Promise<void> {
    if (this.log) await Promise.all(events.map((e) => this.log!.append(tokenRow(e))));
  }
}
