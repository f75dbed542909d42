// Reading one attempt's stored presence events back from presence.csv (the attempt keeps only runs
// and its newest events in memory): streamed over the attempt's byte range, never the whole file.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { presenceTable, type PresenceRow } from './presence.js';

export interface PresencePage {
  events: PresenceRow[];
  /** Set when more events follow: pass it back as `after`. */
  next?: number;
}

/**
 * Events of `attemptId` inside [from, to) of `path`, in file order. With `after`, the first `limit`
 * events with a higher seq (a page); without, the newest `limit` (what 1.0 clients were sent).
 */
export async function readPresence(
  path: string,
  range: { from: number; to: number } | null,
  attemptId: string,
  limit: number,
  after?: number,
): Promise<PresencePage> {
  if (!range || range.to <= range.from) return { events: [] };
  const parser = createReadStream(path, { start: range.from, end: range.to - 1, highWaterMark: 256 * 1024 }).pipe(
    parse({ relax_column_count: true, record_delimiter: ['\r\n', '\n'] }),
  );
  const events: PresenceRow[] = [];
  let more = false;
  for await (const cells of parser as AsyncIterable<string[]>) {
    if (cells[0] !== attemptId) continue;
    const row = presenceTable.parse(cells, () => '', presenceTable.header);
    if (after !== undefined) {
      if (row.seq <= after) continue;
      if (events.length === limit) {
        more = true;
        parser.destroy();
        break;
      }
      events.push(row);
    } else {
      events.push(row);
      if (events.length > limit * 2) events.splice(0, events.length - limit);
    }
  }
  if (after === undefined && events.length > limit) events.splice(0, events.length - limit);
  return more ? { events, next: events[events.length - 1].seq } : { events };
}
