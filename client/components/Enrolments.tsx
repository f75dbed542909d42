// Admin: face enrolments (PROTOCOL.md 8 identity.status / identity.reset): who is enrolled, when,
// at which attempt; `x` resets one after asking for the reason that goes into the audit log.
import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { Table, type Column } from './Table.js';
import { TextLine } from './TextLine.js';
import { useApp } from '../hooks/use-app.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLoad } from '../hooks/use-load.js';
import type { EnrolmentInfo } from '../api.js';
import { errorLine } from '../state/errors.js';
import { theme } from '../theme.js';

const REASON_MAX = 500; // server/limits.ts IDENTITY_RULES.reasonMax

const columns: Column<EnrolmentInfo>[] = [
  { title: 'Student', width: 24, get: (e) => e.username },
  { title: 'Enrolled', width: 9, get: (e) => (e.enrolled ? 'yes' : 'no') },
  { title: 'When (UTC)', width: 17, get: (e) => (e.at === undefined ? '' : new Date(e.at).toISOString().slice(0, 16).replace('T', ' ')) },
  { title: 'At attempt', width: 20, get: (e) => e.attemptId ?? '' },
];

export function Enrolments() {
  const app = useApp();
  const { data, error, loading, reload } = useLoad(() => app.api.identityStatus(), []);
  const [cursor, setCursor] = useState(0);
  const [reason, setReason] = useState<string | null>(null);
  const [message, setMessage] = useState<string | undefined>();
  const rows = data ?? [];
  const target = rows[cursor];
  const typing = reason !== null;
  useKeys(typing ? 'reason' : 'enrolments', (action, input, key) => {
    if (typing) {
      if (action === 'back') setReason(null);
      else if (action === 'select') {
        const why = reason.trim();
        if (!why || !target) return setMessage('Type why the enrolment is reset; it goes into the audit log.');
        setReason(null);
        app.api.resetIdentity(target.username, why).then(
          () => {
            setMessage(`Reset ${target.username}: templates deleted; they enrol again at their next proctored exam.`);
            reload();
          },
          (e: unknown) => setMessage(errorLine(e)),
        );
      } else if (key.backspace || key.delete) setReason(reason.slice(0, -1));
      else if (input && !key.ctrl && !key.meta && reason.length + input.length <= REASON_MAX) setReason(reason + input.replace(/[\r\n]/g, ''));
      return;
    }
    if (action === 'back') app.dispatch({ type: 'back' });
    if (action === 'refresh') reload();
    if (action === 'up') setCursor((c) => Math.max(0, c - 1));
    if (action === 'down') setCursor((c) => Math.min(rows.length - 1, c + 1));
    if (action === 'delete' && target) {
      if (!target.enrolled) setMessage(`${target.username} is not enrolled: nothing to reset.`);
      else {
        setMessage(undefined);
        setReason('');
      }
    }
  }, { typing });
  const enrolled = rows.filter((e) => e.enrolled).length;
  return (
    <Frame title={`Face enrolments (${enrolled} of ${rows.length} students)`} context={typing ? 'reason' : 'enrolments'} error={error} typing={typing}>
      {loading && !data ? <Text>Loading enrolments…</Text> : (
        <Box flexDirection="column">
          <Table columns={columns} rows={rows} cursor={cursor} height={app.height - 9} />
          {typing ? <TextLine label="Reason" value={reason} focused labelWidth={8} /> : null}
          <Text dimColor={theme.dim} wrap="truncate-end">{message ?? 'Templates are LBP face patterns, never photos; a reset deletes them.'}</Text>
        </Box>
      )}
    </Frame>
  );
}
