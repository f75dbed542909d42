import { prepareInkEnv } from './theme.js';

test('prepareInkEnv: a terminal is never CI; NO_COLOR becomes FORCE_COLOR=0; output to a pipe keeps CI', () => {
  const tty: NodeJS.ProcessEnv = { CI: 'true', CONTINUOUS_INTEGRATION: '1', NO_COLOR: '1', TERM: 'xterm' };
  prepareInkEnv(tty, true);
  expect(tty).toEqual({ CI: 'false', CONTINUOUS_INTEGRATION: 'false', NO_COLOR: '1', FORCE_COLOR: '0', TERM: 'xterm' });

  const plain: NodeJS.ProcessEnv = { TERM: 'xterm' };
  prepareInkEnv(plain, true);
  expect(plain).toEqual({ TERM: 'xterm' }); // nothing added that was not there

  const piped: NodeJS.ProcessEnv = { CI: 'true' };
  prepareInkEnv(piped, false);
  expect(piped).toEqual({ CI: 'true' });
});
