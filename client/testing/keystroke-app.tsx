// The real App over the in-memory fakes, in a real terminal: what client/keystrokes.test.ts drives
// through tmux to check that keys sent as fast as tmux can send them all arrive (none dropped).
import React from 'react';
import { render } from 'ink';
import { App } from '../components/App.js';
import { FakeApi, FakeConn, MemFiles } from './fake-api.js';

const inst = render(
  <App api={new FakeApi()} conn={new FakeConn()} files={new MemFiles()} onQuit={() => inst.unmount()} />,
  { exitOnCtrlC: false },
);
await inst.waitUntilExit();
