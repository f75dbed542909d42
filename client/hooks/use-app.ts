// What every screen needs from the App: the API, the dispatcher, connection state, I/O seams.
import { createContext, useContext, type Dispatch } from 'react';
import type { PandaApi } from '../api.js';
import type { AppAction, AppState } from '../state/app-reducer.js';
import type { ConnState } from '../session.js';
import type { ProctorStarter } from './use-proctor.js';

/** File access for import / export, injectable for tests. */
export interface FileIO {
  /** The absolute path a relative one means here: what the screens show. */
  resolve(path: string): string;
  /** What is at `path`: a file, a folder, or nothing (undefined). */
  exists(path: string): Promise<'file' | 'folder' | undefined>;
  read(path: string, onProgress: (done: number, total: number) => void): Promise<string>;
  /** Refuses (code EEXIST) to replace an existing file unless `overwrite` (the admin said yes). */
  write(
    path: string,
    text: string,
    onProgress: (done: number, total: number) => void,
    opts?: { overwrite?: boolean },
  ): Promise<void>;
}

/** The connection as screens see it: state plus server events (client/session.ts implements it). */
export interface ConnSource {
  readonly state: ConnState;
  subscribe(fn: (s: ConnState) => void): () => void;
  onEvent(fn: (name: string, data: Record<string, unknown>) => void): () => void;
}

export interface AppContextValue {
  api: PandaApi;
  conn: ConnSource;
  state: AppState;
  dispatch: Dispatch<AppAction>;
  files: FileIO;
  proctor?: ProctorStarter;
  width: number;
  height: number;
  quit: () => void;
  now: () => number;
}

export const AppContext = createContext<AppContextValue | undefined>(undefined);

export function useApp(): AppContextValue {
  const v = useContext(AppContext);
  if (!v) throw new Error('useApp outside <App>');
  return v;
}
