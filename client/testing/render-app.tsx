// Renders the real App over fakes (or a real session) with ink-testing-library, plus helpers to type
// keys and wait for the screen, as a user would.
import React from 'react';
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { App, type AppProps } from '../components/App.js';
import { FakeApi, FakeConn, MemFiles } from './fake-api.js';

export const KEY = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
  esc: '\u001B',
  tab: '\t',
  backspace: '\u007F',
  ctrlR: '\u0012',
  ctrlS: '\u0013',
  ctrlF: '\u0006',
  ctrlK: '\u000B',
  ctrlU: '\u0015',
  pageDown: '\u001B[6~',
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function renderApp(props: Partial<AppProps> = {}) {
  const api = (props.api as FakeApi | undefined) ?? new FakeApi();
  const conn = (props.conn as FakeConn | undefined) ?? new FakeConn();
  const files = (props.files as MemFiles | undefined) ?? new MemFiles();
  let quit = false;
  const inst = render(
    <App api={api} conn={conn} files={files} width={80} height={24} onQuit={() => void (quit = true)} {...props} />,
  );
  const frame = () => inst.lastFrame() ?? '';
  const waitFor = async (want: string | RegExp | ((f: string) => boolean), ms = 10_000): Promise<string> => {
    const ok = (f: string) =>
      typeof want === 'string' ? f.includes(want) : want instanceof RegExp ? want.test(f) : want(f);
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (ok(frame())) {
        // Let the new frame's effects (input and event subscriptions) settle, as a person would.
        await sleep(25);
        return frame();
      }
      await sleep(10);
    }
    throw new Error(`timed out waiting for ${String(want)}; screen was:\n${frame()}`);
  };
  /** Writes keys one by one with a tick between, like a person typing. */
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      inst.stdin.write(k);
      await sleep(k === KEY.esc ? 40 : 15);
    }
  };
  const type = async (text: string) => press(...text.split(''));
  return { ...inst, api, conn, files, frame, waitFor, press, type, quitted: () => quit };
}

/** A colour/style escape (built from a string: an escape character in a regex literal reads as a typo). */
const SGR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Every line fits 80 terminal columns (display width: 漢 and emoji take two) and the screen fits 24 rows. */
export function fits80x24(frame: string): boolean {
  const lines = frame.split('\n');
  return lines.length <= 24 && lines.every((l) => stringWidth(l.replace(SGR, '')) <= 80);
}

export { cleanup } from 'ink-testing-library';
