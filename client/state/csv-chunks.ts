// Splits a large questions.csv into pieces under the admin frame limit (PROTOCOL.md 4: 1 MiB) so an
// import can show progress and never sends one oversize frame. Records may contain quoted newlines
// (RFC 4180), so splitting follows quotes, and each piece repeats the header.

/** Record boundaries: returns the records (without their line ends) and each one's first line number. */
export function splitRecords(text: string): { record: string; line: number }[] {
  const out: { record: string; line: number }[] = [];
  let start = 0;
  let line = 1;
  let startLine = 1;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"')
      quoted = !quoted; // "" inside quotes toggles twice: net unchanged
    else if (c === '\n') {
      if (!quoted) {
        const rec = text.slice(start, i).replace(/\r$/, '');
        if (rec !== '') out.push({ record: rec, line: startLine });
        start = i + 1;
        startLine = line + 1;
      }
      line++;
    }
  }
  const last = text.slice(start).replace(/\r$/, '');
  if (last !== '') out.push({ record: last, line: startLine });
  return out;
}

export interface CsvChunk {
  csv: string;
  firstLine: number;
  records: number;
  bytes: number;
  lineMap: number[];
}

/** Pieces of at most ~maxBytes each (a single huge record still goes alone). */
export function chunkCsv(text: string, maxBytes = 256 * 1024): CsvChunk[] {
  const recs = splitRecords(text.replace(/^\uFEFF/, ''));
  if (recs.length === 0) return [];
  const [header, ...body] = recs;
  const chunks: CsvChunk[] = [];
  let cur: typeof body = [];
  let size = 0;
  const flush = () => {
    if (cur.length === 0) return;
    const csv = [header.record, ...cur.map((r) => r.record)].join('\n') + '\n';
    // lineMap[k] = file line of chunk line k+1 (chunk line 1 is the header)
    chunks.push({
      csv,
      firstLine: cur[0].line,
      records: cur.length,
      bytes: Buffer.byteLength(csv),
      lineMap: [header.line, ...cur.map((r) => r.line)],
    });
    cur = [];
    size = 0;
  };
  for (const r of body) {
    const b = Buffer.byteLength(r.record) + 1;
    if (size + b > maxBytes && cur.length > 0) flush();
    cur.push(r);
    size += b;
  }
  flush();
  return chunks;
}

/** Maps an error line reported for a chunk back to the line in the user's file. */
export function fileLine(chunk: CsvChunk, chunkLine: number): number {
  return chunk.lineMap[chunkLine - 1] ?? chunk.firstLine + chunkLine - 2;
}
