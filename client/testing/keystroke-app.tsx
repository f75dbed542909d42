// The real App over the in-memory fakes, in a real terminal: what client/keystrokes.test.ts drives
// through tmux to check that keys sent as fast as tmux can send them all arrive (none dropped).
// Ink is imported after prepareInkEnv, as the real client does (client/main.tsx).
import React from 'react';
import { prepareInkEnv } from '../theme.js';
import { FakeApi, FakeConn, MemFiles } from './fake-api.js';

prepareInkEnv();
const { render } = await import('ink');
const { App } = await import('../components/App.js');

const inst = render(
  <App api={new FakeApi()} conn={new FakeConn()} files={new MemFiles()} onQuit={() => inst.unmount()} />,
  { exitOnCtrlC: false },
);
await inst.waitUntilExit();
