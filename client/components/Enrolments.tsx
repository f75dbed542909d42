// Admin: face enrolments (PROTOCOL.md 8 identity.status / identity.reset): who is enrolled, when,
// at which attempt; `x` resets one after asking for the reason that goes into the audit log.
import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { Table, type Column } from './Table.js';
import { TextLine } from './TextLine.js';
import { useApp } from '../hooks/use-app.js';
import { useLatestState } from '../hooks/use-latest-state.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLoad } from '../hooks/use-load.js';
import { useAction } from '../hooks/use-action.js';
import { useTextField } from '../hooks/use-text-field.js';
import { emptyField } from '../state/text-field.js';
import type { EnrolmentInfo } from '../api.js';
import { IDENTITY_ARG_LIMITS } from '../../protocol/contract/limits.js';
import { theme } from '../theme.js';

const columns: Column<EnrolmentInfo>[] = [
  { title: 'Student', width: 24, get: (e) => e.username },
  { title: 'Enrolled', width: 9, get: (e) => (e.enrolled ? 'yes' : 'no') },
  {
    title: 'When (UTC)',
    width: 17,
    get: (e) => (e.at === undefined ? '' : new Date(e.at).toISOString().slice(0, 16).replace('T', ' ')),
  },
  { title: 'At attempt', width: 20, get: (e) => e.attemptId ?? '' },
];

export function Enrolments() {
  const app = useApp();
  const { data, error, loading, reload } = useLoad(() => app.api.identityStatus(), []);
  const [cursor, setCursor, cursorNow] = useLatestState(0);
  const [typing, setTyping] = useState(false);
  const reason = useTextField('', { max: IDENTITY_ARG_LIMITS.reasonMax });
  const [message, setMessage] = useState<string | undefined>();
  const rows = data ?? [];
  // The row under the cursor with every key so far applied (a burst can move and act at once).
  const targetNow = () => rows[cursorNow()];
  const reset = useAction((username: string, why: string) => app.api.resetIdentity(username, why), {
    done: (_, username) => {
      setMessage(`Reset ${username}: templates deleted; they enrol again at their next proctored exam.`);
      reload();
    },
    failed: setMessage,
  });
  const send = (why: string) => {
    const target = targetNow();
    if (!why || !target) return setMessage('Type why the enrolment is reset; it goes into the audit log.');
    setTyping(false);
    void reset.run(target.username, why);
  };
  useKeys(
    typing ? 'reason' : 'enrolments',
    (action, input, key) => {
      if (typing) {
        if (action === 'back') return setTyping(false);
        if (action === 'select') return send(reason.current().value.trim());
        const typed = reason.edit(input, key);
        if (typed.enter) send(typed.field.value.trim());
        return;
      }
      if (action === 'back') app.dispatch({ type: 'back' });
      if (action === 'refresh') reload();
      if (action === 'up') setCursor((c) => Math.max(0, c - 1));
      if (action === 'down') setCursor((c) => Math.min(rows.length - 1, c + 1));
      const target = targetNow();
      if (action === 'delete' && target) {
        if (!target.enrolled) setMessage(`${target.username} is not enrolled: nothing to reset.`);
        else {
          setMessage(undefined);
          reason.setField(emptyField);
          setTyping(true);
        }
      }
    },
    { typing },
  );
  const enrolled = rows.filter((e) => e.enrolled).length;
  return (
    <Frame
      title={`Face enrolments (${enrolled} of ${rows.length} students)`}
      context={typing ? 'reason' : 'enrolments'}
      error={error}
      typing={typing}
    >
      {loading && !data ? (
        <Text>Loading enrolments…</Text>
      ) : (
        <Box flexDirection="column" flexGrow={1}>
          <Table columns={columns} rows={rows} cursor={cursor} />
          {typing ? <TextLine label="Reason" value={reason.field} focused labelWidth={8} width={app.width} /> : null}
          <Text dimColor={theme.dim} wrap="truncate-end">
            {reset.pending
              ? 'Resetting…'
              : (message ?? 'Templates are LBP face patterns, never photos; a reset deletes them.')}
          </Text>
        </Box>
      )}
    </Frame>
  );
}
