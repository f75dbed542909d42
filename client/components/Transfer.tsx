// Import a questions.csv from a path, or export the bank to a path, with progress (PROTOCOL.md 6
// questions.import / questions.export, file layout PROTOCOL.md 7).
import React, { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { TextLine } from './TextLine.js';
import { useApp } from '../hooks/use-app.js';
import { useKeys } from '../hooks/use-keys.js';
import { chunkCsv, fileLine } from '../state/csv-chunks.js';
import { errorLine } from '../state/errors.js';
import { theme } from '../theme.js';

interface Progress { phase: string; done: number; total: number }
interface Outcome { lines: string[]; ok: boolean }

export function progressBar(done: number, total: number, width = 40): string {
  const f = total > 0 ? Math.min(1, done / total) : 1;
  const n = Math.round(f * width);
  return `[${'█'.repeat(n)}${'░'.repeat(width - n)}] ${Math.round(f * 100)}%`;
}

function size(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

export function Transfer(props: { mode: 'import' | 'export'; course?: string }) {
  const app = useApp();
  const [mode, setMode] = useState(props.mode);
  const [path, setPath] = useState(props.mode === 'import' ? 'questions.csv' : `questions-${props.course ?? 'all'}.csv`);
  const [busy, setBusy] = useState(false);
  const [prog, setProg] = useState<Progress | undefined>();
  const [out, setOut] = useState<Outcome | undefined>();

  useEffect(() => {
    if (!busy) return;
    const run = async (): Promise<Outcome> => {
      if (mode === 'export') {
        setProg({ phase: 'asking the server', done: 0, total: 1 });
        const csv = await app.api.exportQuestions(props.course);
        await app.files.write(path, csv, (done, total) => setProg({ phase: 'writing', done, total }));
        const n = Math.max(0, csv.split('\n').filter((l) => l.trim() !== '').length - 1);
        return { ok: true, lines: [`Exported ${n} question row(s), ${size(Buffer.byteLength(csv))}, to ${path}.`] };
      }
      const text = await app.files.read(path, (done, total) => setProg({ phase: 'reading', done, total }));
      const chunks = chunkCsv(text);
      if (chunks.length === 0) return { ok: false, lines: [`${path} has no question rows — check it is a questions.csv with a header line`] };
      const total = chunks.reduce((a, c) => a + c.bytes, 0);
      let sent = 0, created = 0, updated = 0;
      const errors: string[] = [];
      for (const [k, c] of chunks.entries()) {
        setProg({ phase: `importing part ${k + 1}/${chunks.length}`, done: sent, total });
        const r = await app.api.importQuestions(c.csv);
        created += r.created; updated += r.updated;
        for (const e of r.errors) errors.push(`line ${fileLine(c, e.line)}: ${e.message}`);
        sent += c.bytes;
      }
      setProg({ phase: 'done', done: total, total });
      return { ok: errors.length === 0, lines: [`Imported ${path}: ${created} created, ${updated} updated, ${errors.length} error(s).`, ...errors.slice(0, 8), ...(errors.length > 8 ? [`… and ${errors.length - 8} more: fix them in the file and import again (rows already imported update in place)`] : [])] };
    };
    run().then(
      (o) => { setOut(o); setBusy(false); },
      (e: unknown) => { setOut({ ok: false, lines: [errorLine(e)] }); setBusy(false); },
    );
  }, [busy]); // eslint-disable-line react-hooks/exhaustive-deps

  useKeys('transfer', (action, input, key) => {
    if (busy) return;
    if (action === 'back') return app.dispatch({ type: 'back' });
    if (action === 'nextField') {
      setMode((m) => (m === 'import' ? 'export' : 'import'));
      return;
    }
    if (action === 'select') {
      if (path.trim() === '') return setOut({ ok: false, lines: ['type a file path first'] });
      setOut(undefined);
      setProg(undefined); // the previous run's bar would read as this run's progress
      return setBusy(true);
    }
    if (key.backspace || key.delete) return setPath((p) => p.slice(0, -1));
    if (input && !key.ctrl && !key.meta) setPath((p) => p + input.replace(/[\r\n]/g, ''));
  }, { typing: true });

  return (
    <Frame title={mode === 'import' ? 'Import questions from a CSV file' : `Export questions${props.course ? ` of ${props.course}` : ''} to a CSV file`} context="transfer">
      <Box flexDirection="column" marginTop={1}>
        <Text>{mode === 'import' ? '[ Import ]  Export   (Tab switches)' : ' Import  [ Export ]   (Tab switches)'}</Text>
        <Text> </Text>
        <TextLine label="File path" value={path} focused={!busy} width={app.width} labelWidth={11} />
        <Text dimColor={theme.dim}>{mode === 'import' ? 'Header: ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course (Options split by |). Same ID = update.' : 'Cells starting with = + - @ are neutralised by the server for spreadsheets.'}</Text>
        <Text> </Text>
        {prog ? <Text>{`${prog.phase.padEnd(22)} ${progressBar(prog.done, prog.total)} ${size(prog.done)}`}</Text> : null}
        {out?.lines.map((l, i) => <Text key={i} wrap="truncate-end" color={i === 0 ? (out.ok ? theme.good : theme.bad) : theme.warn}>{(i === 0 ? (out.ok ? '✓ ' : '✗ ') : '  ') + l}</Text>)}
      </Box>
    </Frame>
  );
}
