// Key handling for one screen: global keys (help, quit) first, then the screen's own actions.
import { useInput, type Key } from 'ink';
import { actionFor, type Action, type Context } from '../keys.js';
import { useApp } from './use-app.js';

export function useKeys(
  context: Context,
  handler: (action: Action | undefined, input: string, key: Key) => void,
  opts: { typing?: boolean; active?: boolean } = {},
): void {
  const app = useApp();
  useInput(
    (input, key) => {
      const action = actionFor(context, input, key, { typing: opts.typing });
      if (action === 'quit') return app.quit();
      if (app.state.help) {
        // Any of ? / Esc / Enter / Ctrl+K closes the keys overlay; other keys are ignored meanwhile.
        if (action === 'help' || key.escape || key.return) app.dispatch({ type: 'toggleHelp' });
        return;
      }
      if (action === 'help') return app.dispatch({ type: 'toggleHelp' });
      handler(action, input, key);
    },
    { isActive: opts.active ?? true },
  );
}
