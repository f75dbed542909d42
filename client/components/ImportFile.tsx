// Import a questions.csv: preview first (created / updated / errors, nothing changed), then the
// admin applies all rows, only the good ones, or nothing (PROTOCOL.md 6 questions.import).
import React, { useState, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { PathField, pathFieldKey } from './PathField.js';
import { OutcomeLines, ProgressLine, type Outcome } from './Progress.js';
import { useKeys } from '../hooks/use-keys.js';
import { useImport, type ImportPreview } from '../hooks/use-import.js';
import type { TextFieldHandle } from '../hooks/use-text-field.js';
import { errorLine } from '../state/errors.js';
import { theme } from '../theme.js';

const SHOWN_ERRORS = 6;

function errorLines(errors: string[], tail: string): string[] {
  return [
    ...errors.slice(0, SHOWN_ERRORS),
    ...(errors.length > SHOWN_ERRORS ? [`… and ${errors.length - SHOWN_ERRORS} more ${tail}`] : []),
  ];
}

export function ImportFile(props: {
  text: TextFieldHandle;
  onBack: () => void;
  onSwitch: () => void;
  header?: ReactNode;
}) {
  const imp = useImport();
  const [phase, setPhase] = useState<'edit' | 'busy' | 'decide'>('edit');
  const [pre, setPre] = useState<ImportPreview | undefined>();
  const [out, setOut] = useState<Outcome | undefined>();

  const fail = (e: unknown) => {
    setOut({ ok: false, lines: [errorLine(e)] });
    imp.setProg(undefined);
    setPhase('edit');
  };

  const apply = (p: ImportPreview, goodOnly: boolean) => {
    setPhase('busy');
    setOut(undefined);
    imp.apply(p, goodOnly).then((t) => {
      setPhase('edit');
      setPre(undefined);
      setOut({
        ok: t.errors.length === 0,
        lines: [
          `Imported ${p.path}: ${t.created} created, ${t.updated} updated, ${t.errors.length} error(s).`,
          ...errorLines(t.errors, ': fix them in the file and import again (imported rows update in place)'),
        ],
      });
    }, fail);
  };

  const start = (path: string) => {
    if (path === '') return setOut({ ok: false, lines: ['type a file path first'] });
    setOut(undefined);
    setPre(undefined);
    setPhase('busy');
    imp.preview(path).then((p) => {
      if (typeof p === 'string') {
        setPhase('edit');
        return setOut({ ok: false, lines: [p] }); // already says what to do
      }
      if (p.canPreview && p.created + p.updated + p.errors.length === 0) {
        setPhase('edit');
        return setOut({ ok: true, lines: [`Nothing to import: every row of ${p.path} already matches the bank.`] });
      }
      setPre(p);
      setPhase('decide');
    }, fail);
  };

  useKeys(
    phase === 'decide' ? 'preview' : 'transfer',
    (action, input, key) => {
      if (phase === 'busy') return;
      if (phase === 'decide' && pre) {
        if (action === 'no') {
          setPhase('edit');
          setPre(undefined);
          return setOut({ ok: false, lines: ['Nothing imported.'] });
        }
        // Without a preview (a server without `import-preview`) y sends the rows as they are.
        if (action === 'yes' && !pre.canPreview) return apply(pre, true);
        if (action === 'yes' && pre.errors.length === 0) return apply(pre, false);
        if (action === 'goodRows' && pre.created + pre.updated > 0) return apply(pre, true);
        return;
      }
      pathFieldKey(action, input, key, { ...props, start });
    },
    { typing: phase === 'edit' },
  );

  const good = pre ? pre.created + pre.updated : 0;
  const hint =
    pre && (pre.errors.length === 0 || !pre.canPreview)
      ? 'y import all · n nothing'
      : good > 0
        ? 'g import the good rows only · n nothing'
        : 'n/Esc back: fix the file first';
  return (
    <Frame
      title="Import questions from a CSV file"
      context={phase === 'decide' ? 'preview' : 'transfer'}
      typing={phase === 'edit'}
      hint={phase === 'decide' ? hint : undefined}
    >
      <Box flexDirection="column" marginTop={1}>
        {props.header}
        <PathField text={props.text} focused={phase === 'edit'} />
        <Text dimColor={theme.dim} wrap="wrap">
          Header: ID,Text,Options,CorrectAnswer,Concept,Difficulty,Course (Options split by |). Same ID = update.
        </Text>
        <Text> </Text>
        <ProgressLine prog={imp.prog} />
        {pre && !pre.canPreview ? (
          <>
            <Text
              bold
              wrap="truncate-end"
            >{`${pre.chunks.reduce((n, c) => n + c.records, 0)} row(s) in ${pre.full}`}</Text>
            <Text color={theme.warn} wrap="wrap">
              This server cannot preview an import: its good rows apply even if other rows have errors.
            </Text>
            <Text color={theme.accent} bold>
              Import anyway? y / n
            </Text>
          </>
        ) : pre ? (
          <>
            <Text
              bold
              wrap="truncate-end"
            >{`Preview, nothing changed yet: ${pre.created} new, ${pre.updated} updated, ${pre.errors.length} error(s)`}</Text>
            <Text wrap="truncate-end">{`  in ${pre.full}`}</Text>
            {errorLines(pre.errors, '').map((l, i) => (
              <Text key={i} color={theme.warn} wrap="truncate-end">{`  ${l}`}</Text>
            ))}
            <Text color={theme.accent} bold wrap="truncate-end">
              {pre.errors.length === 0
                ? `Import all ${good} row(s)? y / n`
                : good > 0
                  ? `The file has errors: g imports only the ${good} good row(s), n imports nothing.`
                  : 'No row can be imported: n, fix the file, import again.'}
            </Text>
          </>
        ) : null}
        <OutcomeLines out={out} />
      </Box>
    </Frame>
  );
}
