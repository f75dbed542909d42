// A transfer's progress bar and its outcome lines (first line ✓/✗, the rest details).
import React from 'react';
import { Text } from 'ink';
import { theme } from '../theme.js';

export interface Progress {
  phase: string;
  done: number;
  total: number;
}
export interface Outcome {
  lines: string[];
  ok: boolean;
}

export function progressBar(done: number, total: number, width = 40): string {
  const f = total > 0 ? Math.min(1, done / total) : 1;
  const n = Math.round(f * width);
  return `[${'█'.repeat(n)}${'░'.repeat(width - n)}] ${Math.round(f * 100)}%`;
}

export function size(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

export function ProgressLine({ prog }: { prog?: Progress }) {
  return prog ? (
    <Text>{`${prog.phase.padEnd(22)} ${progressBar(prog.done, prog.total)} ${size(prog.done)}`}</Text>
  ) : null;
}

export function OutcomeLines({ out }: { out?: Outcome }) {
  if (!out) return null;
  return (
    <>
      {out.lines.map((l, i) => (
        <Text
          key={i}
          wrap={i === 0 ? 'truncate-end' : 'wrap'}
          color={i === 0 ? (out.ok ? theme.good : theme.bad) : out.ok ? undefined : theme.warn}
        >
          {(i === 0 ? (out.ok ? '✓ ' : '✗ ') : '  ') + l}
        </Text>
      ))}
    </>
  );
}
