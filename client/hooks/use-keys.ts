// Key handling for one screen: global keys (help, quit) first, then the screen's own actions.
// The handler is read through a ref updated at render, so a key pressed right after a frame
// appears already sees that frame's state (effects that re-subscribe would run a moment later).
import { useCallback, useRef } from 'react';
import { useInput, type Key } from 'ink';
import { actionFor, type Action, type Context } from '../keys.js';
import { burstKeys, isBurst } from '../state/key-burst.js';
import { useApp } from './use-app.js';

export function useKeys(
  /** A function when the context depends on state a burst of keys may change before the next render. */
  context: Context | (() => Context),
  handler: (action: Action | undefined, input: string, key: Key) => void,
  /** `onQuit`: Ctrl+C asks first on this screen (the exam) instead of quitting at once. */
  opts: { typing?: boolean | (() => boolean); active?: boolean; onQuit?: () => void } = {},
): void {
  const app = useApp();
  const latest = useRef({ context, handler, opts, app });
  latest.current = { context, handler, opts, app };
  const onInput = useCallback((input: string, key: Key) => {
    const { context: c, handler: h, opts: o, app: a } = latest.current;
    const ctx = typeof c === 'function' ? c() : c;
    const typing = typeof o.typing === 'function' ? o.typing() : o.typing;
    const action = actionFor(ctx, input, key, { typing });
    if (!typing && action === undefined && isBurst(input, key)) {
      // Several keys in one read: each acts on the state the one before left. Once a key opens a
      // text field (e.g. "/" the search), the rest of the burst is typed into it as it is.
      for (const k of burstKeys(input)) {
        const t = latest.current.opts.typing;
        if (typeof t === 'function' ? t() : t) return onInput(input.slice(k.at), key);
        onInput(k.input, { ...key, shift: false, ...k.key });
      }
      return;
    }
    if (action === 'quit') return o.onQuit ? o.onQuit() : a.quit();
    if (a.state.help) {
      // Any of ? / Esc / Enter / Ctrl+K closes the keys overlay; other keys are ignored meanwhile.
      if (action === 'help' || key.escape || key.return) a.dispatch({ type: 'toggleHelp' });
      return;
    }
    if (action === 'help') return a.dispatch({ type: 'toggleHelp' });
    h(action, input, key);
  }, []);
  useInput(onInput, { isActive: opts.active ?? true });
}
