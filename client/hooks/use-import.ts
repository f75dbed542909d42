// The I/O of a questions import as two actions: preview (read the file, dry-run every part on the
// server) and apply (all rows, or only the good ones). PROTOCOL.md 6 questions.import; the dry-run
// and all-or-nothing options are the `import-preview` feature (docs/protocol.md).
import { useCallback, useState } from 'react';
import { useApp } from './use-app.js';
import { chunkCsv, fileLine, type CsvChunk } from '../state/csv-chunks.js';
import type { Progress } from '../components/Progress.js';

export interface ImportPreview {
  path: string;
  full: string;
  chunks: CsvChunk[];
  created: number;
  updated: number;
  /** "line N: reason", with N the line in the admin's file. */
  errors: string[];
  /** The server can dry-run (feature `import-preview`); without it rows apply as sent. */
  canPreview: boolean;
}

export interface ImportTotals {
  created: number;
  updated: number;
  errors: string[];
}

export function useImport() {
  const app = useApp();
  const [prog, setProg] = useState<Progress | undefined>();

  const send = useCallback(
    async (
      chunks: CsvChunk[],
      opts: { dryRun?: boolean; allOrNothing?: boolean },
      verb: string,
    ): Promise<ImportTotals> => {
      const total = chunks.reduce((a, c) => a + c.bytes, 0);
      let sent = 0,
        created = 0,
        updated = 0;
      const errors: string[] = [];
      for (const [k, c] of chunks.entries()) {
        setProg({ phase: `${verb} part ${k + 1}/${chunks.length}`, done: sent, total });
        const r = await app.api.importQuestions(c.csv, opts);
        created += r.created;
        updated += r.updated;
        for (const e of r.errors) errors.push(`line ${fileLine(c, e.line)}: ${e.message}`);
        sent += c.bytes;
      }
      setProg({ phase: 'done', done: total, total });
      return { created, updated, errors };
    },
    [app.api],
  );

  /** Reads the file and asks the server what importing it would do; changes nothing. */
  const preview = useCallback(
    async (path: string): Promise<ImportPreview | string> => {
      setProg(undefined);
      const full = app.files.resolve(path);
      const text = await app.files.read(path, (done, total) => setProg({ phase: 'reading', done, total }));
      const chunks = chunkCsv(text);
      if (chunks.length === 0) return `${full} has no question rows — check it is a questions.csv with a header line`;
      const canPreview = app.conn.state.features?.includes('import-preview') ?? false;
      if (!canPreview) return { path, full, chunks, created: 0, updated: 0, errors: [], canPreview };
      const t = await send(chunks, { dryRun: true }, 'checking');
      return { path, full, chunks, ...t, canPreview };
    },
    [app.files, app.conn, send],
  );

  /** Applies a previewed file: every part all-or-nothing, or (goodOnly) the rows without errors. */
  const apply = useCallback(
    (p: ImportPreview, goodOnly: boolean) =>
      send(p.chunks, p.canPreview && !goodOnly ? { allOrNothing: true } : {}, 'importing'),
    [send],
  );

  return { prog, setProg, preview, apply };
}
