// Writes something the server produced (a questions or results export) to a file the admin names.
// Safe-file rules: the full path is shown before and after, an existing file is replaced only after
// the admin says yes, and a failed write leaves nothing behind (client/files.ts).
import React, { useState, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { PathField, pathFieldKey } from './PathField.js';
import { OutcomeLines, ProgressLine, type Outcome, type Progress } from './Progress.js';
import { useApp } from '../hooks/use-app.js';
import { useKeys } from '../hooks/use-keys.js';
import type { TextFieldHandle } from '../hooks/use-text-field.js';
import { errorLine } from '../state/errors.js';
import { theme } from '../theme.js';

function folderError(full: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${full} is a folder`), { code: 'EISDIR', path: full });
}

export interface SaveFileProps {
  title: string;
  text: TextFieldHandle;
  /** Fetches the text to write (asked only once the path is settled). */
  produce: () => Promise<string>;
  /** The ✓ line, given the text written; the full path follows on a line of its own. */
  describe: (text: string) => string;
  onBack: () => void;
  /** Tab: e.g. switch to import. */
  onSwitch?: () => void;
  header?: ReactNode;
  note?: string;
}

export function SaveFile(props: SaveFileProps) {
  const app = useApp();
  const [phase, setPhase] = useState<'edit' | 'confirm' | 'busy'>('edit');
  const [prog, setProg] = useState<Progress | undefined>();
  const [out, setOut] = useState<Outcome | undefined>();
  const path = props.text.value.trim();
  const full = path === '' ? '' : app.files.resolve(path);

  const write = (path: string, overwrite: boolean) => {
    const full = app.files.resolve(path);
    setPhase('busy');
    setOut(undefined);
    setProg({ phase: 'asking the server', done: 0, total: 1 });
    (async () => {
      const text = await props.produce();
      await app.files.write(path, text, (done, total) => setProg({ phase: 'writing', done, total }), { overwrite });
      return props.describe(text);
    })().then(
      // The path on its own line, so a long one is shown whole rather than cut at the edge.
      (line) => {
        setOut({ ok: true, lines: [`${line} to:`, full] });
        setPhase('edit');
      },
      (e: unknown) => {
        setOut({ ok: false, lines: [errorLine(e)] });
        setProg(undefined);
        setPhase('edit');
      },
    );
  };

  const start = (path: string) => {
    if (path === '') return setOut({ ok: false, lines: ['type a file path first'] });
    setProg(undefined); // the previous run's bar would read as this run's progress
    setOut(undefined);
    setPhase('busy');
    app.files.exists(path).then(
      (there) => {
        if (there === 'file') return setPhase('confirm');
        // A folder is said at once: asking to replace it would promise what the write then refuses.
        if (there === 'folder') {
          setPhase('edit');
          return setOut({ ok: false, lines: [errorLine(folderError(app.files.resolve(path)))] });
        }
        write(path, false);
      },
      () => write(path, false),
    );
  };

  useKeys(
    phase === 'confirm' ? 'confirm' : 'transfer',
    (action, input, key) => {
      if (phase === 'busy') return;
      if (phase === 'confirm') {
        if (action === 'yes') write(path, true);
        if (action === 'no') {
          setPhase('edit');
          setOut({
            ok: false,
            lines: [`Not written: ${full} is kept. Type another name, or Enter and y to replace it.`],
          });
        }
        return;
      }
      pathFieldKey(action, input, key, { ...props, start });
    },
    { typing: phase === 'edit' },
  );

  return (
    <Frame title={props.title} context={phase === 'confirm' ? 'confirm' : 'transfer'} typing={phase === 'edit'}>
      <Box flexDirection="column" marginTop={1}>
        {props.header}
        <PathField text={props.text} focused={phase === 'edit'} />
        <Text wrap="truncate-end" dimColor={theme.dim}>
          {full ? `  → ${full}` : '  → (type where to write)'}
        </Text>
        {props.note ? (
          <Text dimColor={theme.dim} wrap="truncate-end">
            {props.note}
          </Text>
        ) : null}
        <Text> </Text>
        {phase === 'confirm' ? (
          <Text color={theme.warn} bold wrap="truncate-end">{`${full} already exists. Replace it? y / n`}</Text>
        ) : null}
        <ProgressLine prog={prog} />
        <OutcomeLines out={out} />
      </Box>
    </Frame>
  );
}
