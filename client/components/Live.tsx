// Admin: every open attempt as it happens (PROTOCOL.md 8 monitor.subscribe), one row each, sorted
// by what needs attention. A new alert marks its row with ! and rings the bell (m mutes); Enter opens
// the attempt's live timeline; + / e / n / N extend, end and send notices, each after a confirmation.
import React, { useCallback, useEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { cell } from './Table.js';
import { TextLine } from './TextLine.js';
import { useApp } from '../hooks/use-app.js';
import { useLatestState } from '../hooks/use-latest-state.js';
import { useKeys } from '../hooks/use-keys.js';
import { useConnection, useServerEvent } from '../hooks/use-connection.js';
import { useLoad } from '../hooks/use-load.js';
import { FILL, useRows } from '../hooks/use-rows.js';
import { errorLine } from '../state/errors.js';
import { scrollTop } from '../state/bank-reducer.js';
import {
  attention,
  clock,
  confirmText,
  editForm,
  formTitle,
  hasNewAlert,
  liveRows,
  mergeLive,
  newestAlert,
  NEW_ALERT_MS,
  openForm,
  sortLive,
  stateLabel,
  submitField,
  type LiveActionKind,
  type LiveForm,
  type LiveRow,
} from '../state/live.js';
import { eventErrors } from '../../protocol/contract/validate.js';
import type { EventOf } from '../../protocol/contract/index.js';
import { theme } from '../theme.js';

const toneOf = (t: 'bad' | 'warn' | 'good' | undefined) => (t ? theme[t] : undefined);
const defaultBell = () => void process.stderr.write('\x07');

/** Column widths for a terminal `width` wide: 80 is the minimum, extra goes to names and alerts. */
export function liveColumns(width: number) {
  const extra = Math.max(0, width - 80);
  const student = 12 + Math.floor(extra / 2);
  const fixed = 2 + (student + 1) + 7 + 12 + 7 + 5 + 6 + 7 + 10;
  return { student, alerts: Math.max(6, width - fixed - 1) };
}

export function liveLine(r: LiveRow, serverNow: number, width: number): string {
  const c = liveColumns(width);
  const s = stateLabel(r);
  const last = r.alerts[r.alerts.length - 1];
  const alerts = r.alerts.length === 0 ? '–' : `${r.alerts.length} ${last.kind}`;
  return [
    cell(r.student, c.student),
    cell(r.course, 6),
    cell(s.text, 11),
    cell(clock(serverNow - r.presence.since), 6, 'right'),
    cell(r.connected ? 'on' : 'OFF', 4),
    cell(`${r.answered}/${r.total}`, 5, 'right'),
    cell(clock(r.deadline - serverNow), 6, 'right'),
    cell(`${r.review.level} ${r.review.points}`, 9),
    cell(alerts, c.alerts),
  ].join(' ');
}

export function liveHeader(width: number): string {
  const c = liveColumns(width);
  return (
    '  ' +
    [
      cell('Student', c.student),
      cell('Course', 6),
      cell('Presence', 11),
      cell('For', 6, 'right'),
      cell('Net', 4),
      cell('Done', 5, 'right'),
      cell('Left', 6, 'right'),
      cell('Review', 9),
      cell('Alerts', c.alerts),
    ].join(' ')
  );
}

export function Live({ bell = defaultBell }: { bell?: () => void }) {
  const app = useApp();
  const conn = useConnection(app.conn);
  const [rows, setRows] = useState<LiveRow[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string>();
  const [course, setCourse] = useState<string | undefined>();
  const [selected, setSelected, selectedNow] = useLatestState<string | undefined>(undefined);
  const [muted, setMuted] = useState(false);
  const [form, setFormState] = useState<LiveForm>();
  // The form with every key so far, rendered or not, so keys typed between two renders all apply.
  const formRef = useRef(form);
  const setForm = (f: LiveForm | undefined) => {
    formRef.current = f;
    setFormState(f);
  };
  const [, setTick] = useState(0);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const mutedRef = useRef(muted);
  mutedRef.current = muted;
  const courses = useLoad(() => app.api.courses(), []);

  // Subscribe (again after a reconnect: a subscription ends with its connection), unsubscribe on leaving.
  // PROTOCOL.md 8: a client checks welcome.features before using a group.
  const supported = conn.features === undefined || conn.features.includes('monitor');
  useEffect(() => {
    if (conn.status !== 'online' || !supported) return;
    let live = true;
    app.api.monitorSubscribe(course).then(
      (raw) => {
        if (!live) return;
        setRows(liveRows(raw));
        setLoaded(true);
        setError(undefined);
      },
      (e: unknown) => live && setError(errorLine(e)),
    );
    return () => {
      live = false;
      app.api.monitorUnsubscribe().catch(() => {});
    };
  }, [app.api, course, conn.status === 'online', supported]); // eslint-disable-line react-hooks/exhaustive-deps

  useServerEvent(
    app.conn,
    useCallback(
      (name: string, data: Record<string, unknown>) => {
        // Events are not checked on the way in as answers are (the fake's), so one the contract
        // refuses is dropped here rather than drawn half-read.
        if (name !== 'monitor' || eventErrors('monitor', data).length > 0) return;
        const updates = liveRows(data as EventOf<'monitor'>);
        const before = new Map(rowsRef.current.map((r) => [r.attemptId, r]));
        if (!mutedRef.current && updates.some((u) => hasNewAlert(before.get(u.attemptId), u))) bell();
        setRows((r) => mergeLive(r, updates));
      },
      [bell],
    ),
  );

  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), 1_000);
    return () => clearInterval(t);
  }, []);

  const serverNow = app.now() + conn.clockOffsetMs;
  const sorted = sortLive(rows, serverNow);
  const index = Math.max(
    0,
    sorted.findIndex((r) => r.attemptId === selected),
  );

  const run = (f: LiveForm) => {
    const v = (label: string) => f.fields.find((x) => x.label === label)?.value.trim() ?? '';
    setForm(undefined);
    const done = (message: string) => app.dispatch({ type: 'notice', message });
    const fail = (e: unknown) => app.dispatch({ type: 'error', message: errorLine(e) });
    if (f.kind === 'extend') {
      app.api
        .extendAttempt(f.attemptId, Number(v('Minutes')), v('Reason'))
        .then(
          (r) =>
            done(
              `${f.student} has ${v('Minutes')} more minute(s): now ends ${new Date(r.deadline).toTimeString().slice(0, 5)}.`,
            ),
          fail,
        );
    } else if (f.kind === 'end') {
      app.api
        .endAttempt(f.attemptId, v('Reason'))
        .then((r) => done(`Ended ${f.student}'s attempt: ${r.score}/${r.total} (${r.percent}%).`), fail);
    } else {
      const to = f.kind === 'notice' ? { student: f.student } : { course: f.course };
      app.api
        .sendNotice(v('Notice'), to)
        .then(
          (r) =>
            done(
              r.delivered > 0
                ? `Notice shown on ${r.delivered} student screen(s).`
                : 'Nobody was connected to see it; the notice is in the audit log.',
            ),
          fail,
        );
    }
  };

  // The row a burst of keys has reached (↓ ↓ Enter before the next render opens the third row).
  const indexNow = () =>
    Math.max(
      0,
      sorted.findIndex((r) => r.attemptId === selectedNow()),
    );
  const open = (kind: LiveActionKind) => {
    const row = sorted[indexNow()];
    if (row) setForm(openForm(kind, row));
  };
  useKeys(
    form ? (form.confirming ? 'confirm' : 'prompt') : 'live',
    (action, input, key) => {
      const f = formRef.current;
      if (f) {
        if (f.confirming) {
          if (action === 'yes') run(f);
          if (action === 'no') setForm(undefined);
          return;
        }
        if (action === 'back') return setForm(undefined);
        if (action === 'select' || action === 'nextField') return setForm(submitField(f));
        return setForm(editForm(f, input, key));
      }
      if (action === 'back') return app.dispatch({ type: 'back' });
      if (action === 'up' && sorted.length) setSelected(sorted[Math.max(0, indexNow() - 1)].attemptId);
      if (action === 'down' && sorted.length)
        setSelected(sorted[Math.min(sorted.length - 1, indexNow() + 1)].attemptId);
      const row = sorted[indexNow()];
      if (action === 'select' && row)
        app.dispatch({ type: 'go', screen: { name: 'timeline', attemptId: row.attemptId, live: true } });
      if (action === 'extend') open('extend');
      if (action === 'endAttempt') open('end');
      if (action === 'notice') open('notice');
      if (action === 'noticeCourse') open('notice-course');
      if (action === 'mute') setMuted((m) => !m);
      if (action === 'filter') {
        const names = (courses.data ?? []).map((c) => c.course);
        const i = course === undefined ? -1 : names.indexOf(course);
        setCourse(i + 1 < names.length ? names[i + 1] : undefined);
        setLoaded(false);
      }
    },
    { typing: form !== undefined && !form.confirming },
  );

  const need = sorted.filter((r) => attention(r, serverNow) < 5).length;
  const head = `${rows.length} open · ${need} need attention · course: ${course ?? 'all'} · bell ${muted ? 'muted' : 'on'} (m)`;
  const view = useRows();
  const height = Math.max(1, view.rows);
  const top = scrollTop(index, height, sorted.length);
  return (
    <Frame
      title="Live invigilation"
      context={form ? (form.confirming ? 'confirm' : 'prompt') : 'live'}
      typing={form !== undefined && !form.confirming}
      error={error}
    >
      <Text wrap="truncate-end" bold>
        {head}
      </Text>
      {form ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>{formTitle(form)}</Text>
          {form.fields.map((x, i) => (
            <TextLine
              key={x.label}
              label={x.label}
              value={x}
              focused={!form.confirming && i === form.field}
              labelWidth={9}
              width={app.width}
            />
          ))}
          {form.error ? <Text color={theme.bad}>{`✗ ${form.error}`}</Text> : null}
          {form.confirming ? (
            <Text bold color={theme.warn}>
              {confirmText(form)}
            </Text>
          ) : (
            <Text dimColor={theme.dim}>Everything typed here goes into the audit log with your name.</Text>
          )}
        </Box>
      ) : (
        <Box flexDirection="column" flexGrow={1}>
          <Text bold wrap="truncate-end">
            {liveHeader(app.width)}
          </Text>
          {!supported ? (
            <Text>
              This server does not offer live invigilation (PandaProctor 1.1 feature 'monitor'); update the server.
            </Text>
          ) : !loaded ? (
            <Text>Subscribing…</Text>
          ) : sorted.length === 0 ? (
            <Text dimColor={theme.dim}>
              {' '}
              No exam in progress{course ? ` in ${course}` : ''}. Attempts appear here as students start.
            </Text>
          ) : null}
          <Box ref={view.ref} {...FILL}>
            {sorted.slice(top, top + height).map((r, i) => {
              const isCursor = top + i === index;
              const fresh = newestAlert(r) > serverNow - NEW_ALERT_MS;
              const s = stateLabel(r);
              return (
                <Text
                  key={r.attemptId}
                  inverse={isCursor}
                  wrap="truncate-end"
                  color={toneOf(fresh ? 'bad' : s.tone)}
                  bold={fresh}
                >
                  {(isCursor ? '›' : ' ') + (fresh ? '!' : ' ') + liveLine(r, serverNow, app.width)}
                </Text>
              );
            })}
          </Box>
        </Box>
      )}
    </Frame>
  );
}
