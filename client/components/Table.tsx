// A plain text table: fixed column widths, truncated cells, a cursor row marked with ›.
import React from 'react';
import { Box, Text } from 'ink';
import { theme } from '../theme.js';
import { scrollTop } from '../state/bank-reducer.js';

export interface Column<T> { title: string; width: number; get: (row: T) => string; align?: 'right' }

export function cell(text: string, width: number, align?: 'right'): string {
  const t = text.replace(/\s+/g, ' ');
  const cut = t.length > width ? t.slice(0, Math.max(0, width - 1)) + '…' : t;
  return align === 'right' ? cut.padStart(width) : cut.padEnd(width);
}

export function Table<T>(props: { columns: Column<T>[]; rows: T[]; cursor?: number; height: number; empty?: string; flag?: (row: T) => string | undefined }) {
  const { columns, rows, cursor, height } = props;
  const visibleRows = Math.max(1, height - 1);
  const top = scrollTop(cursor ?? 0, visibleRows, rows.length);
  const line = (get: (c: Column<T>) => string) => columns.map((c) => cell(get(c), c.width, c.align)).join(' ');
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{'  ' + line((c) => c.title)}</Text>
      {rows.length === 0 ? <Text dimColor={theme.dim}>{props.empty ?? '  (nothing here)'}</Text> : null}
      {rows.slice(top, top + visibleRows).map((r, i) => {
        const selected = cursor === top + i;
        const flag = props.flag?.(r);
        return (
          <Text key={top + i} inverse={selected} color={flag ? theme.warn : undefined} wrap="truncate-end">
            {(selected ? '› ' : flag ? '! ' : '  ') + line((c) => c.get(r))}
          </Text>
        );
      })}
    </Box>
  );
}
