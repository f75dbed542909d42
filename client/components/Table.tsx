// A plain text table: fixed column widths, truncated cells, a cursor row marked with ›. Without a
// `height` it fills the room its siblings leave (client/hooks/use-rows.ts).
import React from 'react';
import { Box, Text } from 'ink';
import stringWidth from 'string-width';
import { theme } from '../theme.js';
import { scrollTop } from '../state/bank-reducer.js';
import { FILL, useRows } from '../hooks/use-rows.js';

export interface Column<T> {
  title: string;
  width: number;
  get: (row: T) => string;
  align?: 'right';
}

/** `text` in exactly `width` terminal columns: cut with … or padded, by display width (é, 漢, emoji). */
export function cell(text: string, width: number, align?: 'right'): string {
  const t = text.replace(/\s+/g, ' ');
  let cut = t;
  if (stringWidth(t) > width) {
    cut = '';
    for (const ch of t) {
      if (stringWidth(cut + ch) > width - 1) break;
      cut += ch;
    }
    cut += '…';
  }
  const pad = ' '.repeat(Math.max(0, width - stringWidth(cut)));
  return align === 'right' ? pad + cut : cut + pad;
}

interface TableProps<T> {
  columns: Column<T>[];
  rows: T[];
  cursor?: number;
  height?: number;
  empty?: string;
  flag?: (row: T) => string | undefined;
}

export function Table<T>(props: TableProps<T>) {
  const view = useRows();
  if (props.height !== undefined) return <TableRows {...props} height={props.height} />;
  return (
    <Box ref={view.ref} {...FILL}>
      <TableRows {...props} height={view.rows} />
    </Box>
  );
}

function TableRows<T>(props: TableProps<T> & { height: number }) {
  const { columns, rows, cursor, height } = props;
  const visibleRows = Math.max(1, height - 1);
  const top = scrollTop(cursor ?? 0, visibleRows, rows.length);
  const line = (get: (c: Column<T>) => string) => columns.map((c) => cell(get(c), c.width, c.align)).join(' ');
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {'  ' + line((c) => c.title)}
      </Text>
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
