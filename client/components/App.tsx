// The root: provides the API / connection / I/O seams to every screen and routes between them.
// All state transitions live in client/state/app-reducer.ts.
import React, { useEffect, useMemo, useReducer } from 'react';
import { Box, Text, useInput } from 'ink';
import type { PandaApi } from '../api.js';
import { AppContext, type ConnSource, type FileIO } from '../hooks/use-app.js';
import type { ProctorStarter } from '../hooks/use-proctor.js';
import { useConnection } from '../hooks/use-connection.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { appReducer, initialApp, type AppState } from '../state/app-reducer.js';
import { LoginScreen } from './LoginScreen.js';
import { CourseList } from './CourseList.js';
import { ExamScreen } from './ExamScreen.js';
import { FinishSummary } from './FinishSummary.js';
import { Dashboard } from './Dashboard.js';
import { AdminMenu } from './AdminMenu.js';
import { QuestionBank } from './QuestionBank.js';
import { QuestionForm } from './QuestionForm.js';
import { Transfer } from './Transfer.js';
import { Analytics } from './Analytics.js';
import { Attempts } from './Attempts.js';
import { Live } from './Live.js';
import { Timeline } from './Timeline.js';
import { Users } from './Users.js';
import { Enrolments } from './Enrolments.js';
import { ExamSettings } from './ExamSettings.js';
import { Review } from './Review.js';
import { theme } from '../theme.js';

export interface AppProps {
  api: PandaApi;
  conn: ConnSource;
  files: FileIO;
  proctor?: ProctorStarter;
  /** Fixed size (tests); by default the terminal's, following resizes. */
  width?: number;
  height?: number;
  onQuit: () => void;
  now?: () => number;
  /** Shown on a changed server key (client/known-hosts.ts keyChangedWarning). */
  keyWarning?: string;
  initial?: Partial<AppState>;
  /** Rings on a new alert in the Live screen (default: BEL to the terminal). */
  bell?: () => void;
}

function Router({ state, bell }: { state: AppState; bell?: () => void }) {
  const s = state.screen;
  switch (s.name) {
    case 'login':
      return <LoginScreen />;
    case 'courses':
      return <CourseList course={s.course} />;
    case 'exam':
      return <ExamScreen course={s.course} feedback={s.feedback} />;
    case 'summary':
      return <FinishSummary {...s} />;
    case 'review':
      return <Review attemptId={s.attemptId} />;
    case 'dashboard':
      return <Dashboard />;
    case 'admin':
      return <AdminMenu cursor={s.cursor} />;
    case 'bank':
      return <QuestionBank view={s.view} />;
    case 'question-form':
      return <QuestionForm question={s.question} course={s.course} />;
    case 'transfer':
      return <Transfer mode={s.mode} course={s.course} />;
    case 'analytics':
      return <Analytics />;
    case 'attempts':
      return <Attempts />;
    case 'timeline':
      return <Timeline attemptId={s.attemptId} live={s.live} />;
    case 'users':
      return <Users />;
    case 'enrolments':
      return <Enrolments />;
    case 'exam-settings':
      return <ExamSettings />;
    case 'live':
      return <Live bell={bell} />;
  }
}

/** The pinned key no longer matches (PROTOCOL.md 1): stop, loudly, and say what to do. */
function KeyWarning(props: { text?: string; detail?: string; width: number; onQuit: () => void }) {
  useInput(() => props.onQuit());
  return (
    <Box flexDirection="column" width={props.width}>
      <Text color={theme.bad} bold>
        {props.text ?? 'WARNING: the server could not prove the pinned key. Do not log in; ask the exam admin.'}
      </Text>
      {/* The handshake's own words speak of a pinned key: only when no fuller text says what happened. */}
      {props.text ? null : <Text>{props.detail ?? ''}</Text>}
      <Text>Any exam attempt you have open keeps running on the server; its clock does not stop.</Text>
      <Text>Press any key to quit.</Text>
    </Box>
  );
}

export function App(props: AppProps) {
  const [state, dispatch] = useReducer(appReducer, { ...initialApp, ...props.initial });
  const conn = useConnection(props.conn);
  const term = useTerminalSize();
  const width = props.width ?? term.width;
  const height = props.height ?? term.height;
  const value = useMemo(
    () => ({
      api: props.api,
      conn: props.conn,
      state,
      dispatch,
      files: props.files,
      proctor: props.proctor,
      width,
      height,
      quit: props.onQuit,
      now: props.now ?? Date.now,
    }),
    [props.api, props.conn, state, props.files, props.proctor, width, height, props.onQuit, props.now],
  );
  // Re-login after a reconnect was refused (e.g. the account got locked): back to the login screen.
  useEffect(() => {
    if (conn.loggedOut && state.user) dispatch({ type: 'loggedOut', reason: conn.loggedOut });
  }, [conn.loggedOut]); // eslint-disable-line react-hooks/exhaustive-deps

  if (conn.status === 'key-mismatch')
    return <KeyWarning text={props.keyWarning} detail={conn.lastError} width={width} onQuit={props.onQuit} />;
  return (
    <AppContext.Provider value={value}>
      <Router state={state} bell={props.bell} />
    </AppContext.Provider>
  );
}
