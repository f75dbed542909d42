// Student home: courses with their exam settings (PROTOCOL.md 6 courses.list), the attempts used
// and left, and an open attempt with its time left (courses.list `mine`, docs/protocol.md).
import React, { useEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { Frame } from './Frame.js';
import { Table, type Column } from './Table.js';
import { useApp } from '../hooks/use-app.js';
import { useLatestState } from '../hooks/use-latest-state.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLoad } from '../hooks/use-load.js';
import type { CourseInfo } from '../../protocol/messages.js';
import { theme } from '../theme.js';
import { errorLine } from '../state/errors.js';
import { formatClock, remainingMs } from '../state/exam-reducer.js';
import { useConnection } from '../hooks/use-connection.js';

/** How often the list re-reads the courses, so changed exam settings show without a keypress. */
export const COURSES_REFRESH_MS = 15_000;

/** Questions an exam of this course draws: the setting, capped at the bank (server/exam/draw.ts). */
export function drawnCount(c: CourseInfo): number {
  return Math.min(c.exam.count, c.questions);
}

/** The course table; the admin's exam settings screen shows the same one. */
export const courseColumns: Column<CourseInfo>[] = [
  { title: 'Course', width: 14, get: (c) => c.course },
  { title: 'Bank', width: 5, get: (c) => String(c.questions), align: 'right' },
  { title: 'Questions', width: 9, get: (c) => String(drawnCount(c)), align: 'right' },
  { title: 'Minutes', width: 7, get: (c) => String(c.exam.minutes), align: 'right' },
  { title: 'Proctored', width: 9, get: (c) => (c.exam.proctored ? 'yes' : 'no') },
  { title: 'Attempts', width: 10, get: (c) => (c.exam.attempts === 0 ? 'unlimited' : String(c.exam.attempts)) },
];

/** The student's own columns: attempts used, and the open attempt's time left. */
function studentColumns(now: number, offset: number): Column<CourseInfo>[] {
  return [
    ...courseColumns,
    { title: 'Used', width: 4, get: (c) => String(c.mine?.used ?? ''), align: 'right' },
    {
      title: 'Open',
      width: 11,
      get: (c) => (c.mine?.open ? `▶ ${formatClock(remainingMs(c.mine.open.deadline, offset, now))}` : ''),
    },
  ];
}

/** The line under the table: what Enter does for the selected course, in words. */
export function courseLine(c: CourseInfo, now: number, offset: number): string {
  const n = drawnCount(c);
  const what = `${n} question${n === 1 ? '' : 's'} in ${c.exam.minutes} minute${c.exam.minutes === 1 ? '' : 's'}${c.exam.proctored ? ', with the webcam proctor on' : ''}`;
  const m = c.mine;
  const used = m
    ? ` Attempts: ${m.used} used, ${m.left === null ? 'unlimited' : `${m.left} left`}.`
    : ' An open attempt resumes where you left it.';
  if (m?.open)
    return `Enter resumes your open ${c.course} attempt: ${formatClock(remainingMs(m.open.deadline, offset, now))} left (${what}).${used}`;
  if (m && m.left === 0)
    return `You have used all ${c.exam.attempts} attempt${c.exam.attempts === 1 ? '' : 's'} for ${c.course}; ask your instructor if you need another.`;
  if (n === 0) return `${c.course} has no questions yet; ask your instructor.`;
  return `Enter starts ${c.course}: ${what}.${used}`;
}

/** Whether Enter on this course opens a new attempt (asked first) rather than resuming or explaining. */
export function startsNew(c: CourseInfo): boolean {
  return !c.mine?.open && c.mine?.left !== 0 && drawnCount(c) > 0;
}

/**
 * The question before a new attempt starts. An Enter pressed twice (on the finish summary, after
 * logging in) must not open an attempt unasked: that costs one of a limited number, and starts a clock.
 */
export function startPrompt(c: CourseInfo): string {
  const m = c.mine;
  const which =
    m && m.left !== null ? `${c.course} attempt ${m.used + 1} of ${m.used + m.left}` : `a new ${c.course} attempt`;
  return `Start ${which} now? Its ${c.exam.minutes}-minute clock starts at once. y / n`;
}

/** Logging out or quitting with attempts open: they keep running, and the student must know. */
export function leaveListPrompt(how: 'logout' | 'quit', open: { course: string; left: number }[]): string {
  const what = how === 'quit' ? 'Quit PandaProctor' : 'Log out';
  if (open.length === 1)
    return `${what}? Your ${open[0].course} exam stays open, clock running: ${formatClock(open[0].left)} left. y / n`;
  const each = open.map((o) => `${o.course} ${formatClock(o.left)}`).join(', ');
  return `${what}? ${open.length} exams stay open, clocks running (${each} left). y / n`;
}

export function CourseList(props: { course?: string } = {}) {
  const app = useApp();
  const conn = useConnection(app.conn);
  const { data, error, loading, reload } = useLoad(() => app.api.courses(), []);
  const [cursor, setCursor, cursorNow] = useLatestState(0);
  const [asking, setAsking, askingNow] = useLatestState<CourseInfo | undefined>(undefined);
  const [leaving, setLeaving, leavingNow] = useLatestState<'logout' | 'quit' | undefined>(undefined);
  const [now, setNow] = useState(app.now());
  const list = data ?? [];
  // Back from an exam, the cursor is on the course just taken, once the list has loaded.
  const placed = useRef(false);
  useEffect(() => {
    if (placed.current || !data) return;
    placed.current = true;
    const i = data.findIndex((c) => c.course === props.course);
    if (i > 0) setCursor(i);
  }, [data, props.course, setCursor]);
  // A second tick for the open attempt's clock; a periodic re-read for changed settings.
  useEffect(() => {
    const tick = setInterval(() => setNow(app.now()), 1_000);
    const refresh = setInterval(reload, COURSES_REFRESH_MS);
    return () => {
      clearInterval(tick);
      clearInterval(refresh);
    };
  }, [app, reload]);
  const go = (c: CourseInfo) => {
    // Esc from the exam comes back to this course, not to the top of the list.
    app.dispatch({ type: 'replace', screen: { name: 'courses', course: c.course } });
    app.dispatch({ type: 'go', screen: { name: 'exam', course: c.course, feedback: c.exam.feedback } });
  };
  const open = list.flatMap((c) =>
    c.mine?.open ? [{ course: c.course, left: remainingMs(c.mine.open.deadline, conn.clockOffsetMs, now) }] : [],
  );
  const logout = () =>
    app.api.logout().then(
      () => app.dispatch({ type: 'loggedOut', reason: 'Logged out.' }),
      (e: unknown) => app.dispatch({ type: 'error', message: errorLine(e) }),
    );
  useKeys(
    () => (askingNow() || leavingNow() ? 'confirm' : 'courses'),
    (action) => {
      const how = leavingNow();
      if (how) {
        if (action === 'yes' || action === 'no') setLeaving(undefined);
        if (action === 'yes') return void (how === 'quit' ? app.quit() : logout());
        return;
      }
      const asked = askingNow();
      if (asked) {
        // Only y starts and n / Esc cancels: a repeated Enter neither starts nor silently cancels.
        if (action === 'yes' || action === 'no') setAsking(undefined);
        if (action === 'yes') go(asked);
        return;
      }
      if (action === 'up') setCursor((c) => Math.max(0, c - 1));
      if (action === 'down') setCursor((c) => Math.min(list.length - 1, c + 1));
      if (action === 'refresh') reload();
      if (action === 'dashboard') app.dispatch({ type: 'go', screen: { name: 'dashboard' } });
      // The only place an attempt starts: this keypress, then y (the exam screen calls exam.start
      // once). Resuming an open attempt, or hearing why none can open, needs no question.
      const at = list[cursorNow()];
      if (action === 'select' && at) {
        if (startsNew(at)) setAsking(at);
        else go(at);
      }
      if (action === 'logout') {
        if (open.length > 0) setLeaving('logout');
        else void logout();
      }
    },
    // Ctrl+C asks first while an attempt is open, as in the exam: quitting does not stop its clock.
    { onQuit: open.length > 0 ? () => void setLeaving('quit') : undefined },
  );
  const sel = list[cursor];
  const fb = sel?.exam.feedback ?? 'immediate';
  return (
    <Frame title="Your courses" context={asking || leaving ? 'confirm' : 'courses'} error={error}>
      <Box flexDirection="column" marginTop={1}>
        {loading && !data ? (
          <Text>Loading courses…</Text>
        ) : (
          <Table
            columns={studentColumns(now, conn.clockOffsetMs)}
            rows={list}
            cursor={cursor}
            height={Math.min(12, list.length + 1)}
            empty="  No courses yet: ask your admin to add questions."
          />
        )}
        <Text> </Text>
        {leaving ? (
          <Text color={theme.warn} bold wrap="wrap">
            {open.length > 0
              ? leaveListPrompt(leaving, open)
              : `${leaving === 'quit' ? 'Quit PandaProctor' : 'Log out'}? y / n`}
          </Text>
        ) : asking ? (
          <Text color={theme.warn} bold wrap="wrap">
            {startPrompt(asking)}
          </Text>
        ) : sel ? (
          <Text wrap="wrap">{courseLine(sel, now, conn.clockOffsetMs)}</Text>
        ) : null}
        <Text dimColor={theme.dim} wrap="wrap">
          {fb === 'immediate'
            ? 'Every answer is final once given, and you see at once whether it was right.'
            : fb === 'after-finish'
              ? 'Every answer is final once given; you see right and wrong after you finish.'
              : 'Every answer is final once given; this course does not show right or wrong.'}
        </Text>
      </Box>
    </Frame>
  );
}
