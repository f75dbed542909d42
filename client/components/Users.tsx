// Admin: the accounts (PROTOCOL.md 6 users.list). Locks are lifted on the server machine.
import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { Table, type Column } from './Table.js';
import { useApp } from '../hooks/use-app.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLoad } from '../hooks/use-load.js';
import type { UserInfo } from '../api.js';
import { theme } from '../theme.js';

function date(v: number | string): string {
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString().slice(0, 16).replace('T', ' ');
}

const columns: Column<UserInfo>[] = [
  { title: 'Username', width: 24, get: (u) => u.username },
  { title: 'Role', width: 8, get: (u) => u.role },
  { title: 'Created (UTC)', width: 17, get: (u) => date(u.created) },
  { title: 'Locked', width: 8, get: (u) => (u.locked ? 'LOCKED' : 'no') },
];

export function Users() {
  const app = useApp();
  const { data, error, loading, reload } = useLoad(() => app.api.users(), []);
  const [cursor, setCursor] = useState(0);
  const rows = data ?? [];
  useKeys('users', (action) => {
    if (action === 'back') app.dispatch({ type: 'back' });
    if (action === 'refresh') reload();
    if (action === 'up') setCursor((c) => Math.max(0, c - 1));
    if (action === 'down') setCursor((c) => Math.min(rows.length - 1, c + 1));
  });
  const locked = rows.filter((u) => u.locked).length;
  return (
    <Frame title={`Users (${rows.length}, ${locked} locked)`} context="users" error={error}>
      {loading && !data ? <Text>Loading users…</Text> : (
        <Box flexDirection="column">
          <Table columns={columns} rows={rows} cursor={cursor} height={app.height - 7} flag={(u) => (u.locked ? 'locked' : undefined)} />
          {locked > 0 ? <Text dimColor={theme.dim}>Unlock on the server machine: pandaproctor admin unlock NAME</Text> : null}
        </Box>
      )}
    </Frame>
  );
}
