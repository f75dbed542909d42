import { appReducer, initialApp, type AppAction, type AppState } from './app-reducer.js';

const run = (s: AppState, ...as: AppAction[]) => as.reduce(appReducer, s);

describe('appReducer', () => {
  test('login goes to the home of the role with an empty back stack', () => {
    expect(run(initialApp, { type: 'loggedIn', username: 'a', role: 'student' }).screen).toEqual({ name: 'courses' });
    expect(run(initialApp, { type: 'loggedIn', username: 'r', role: 'admin' }).screen).toEqual({ name: 'admin' });
  });
  test('go / back walk a stack; back at the bottom stays', () => {
    let s = run(
      initialApp,
      { type: 'loggedIn', username: 'r', role: 'admin' },
      { type: 'go', screen: { name: 'bank' } },
      { type: 'go', screen: { name: 'question-form' } },
    );
    expect(s.stack.map((x) => x.name)).toEqual(['admin', 'bank']);
    s = run(s, { type: 'back' }, { type: 'back' }, { type: 'back' });
    expect(s.screen.name).toBe('admin');
  });
  test('back closes the help overlay first', () => {
    const s = run(
      initialApp,
      { type: 'loggedIn', username: 'r', role: 'admin' },
      { type: 'go', screen: { name: 'bank' } },
      { type: 'toggleHelp' },
      { type: 'back' },
    );
    expect(s).toMatchObject({ help: false, screen: { name: 'bank' } });
  });
  test('errors and notices replace each other and clear on navigation', () => {
    let s = run(initialApp, { type: 'error', message: 'boom' });
    expect(s.error).toBe('boom');
    s = run(s, { type: 'notice', message: 'ok' });
    expect(s).toMatchObject({ error: undefined, notice: 'ok' });
    s = run(s, { type: 'go', screen: { name: 'users' } });
    expect(s.notice).toBeUndefined();
  });
  test('logout forgets the user and keeps the reason', () => {
    const s = run(
      initialApp,
      { type: 'loggedIn', username: 'a', role: 'student' },
      { type: 'loggedOut', reason: 'account locked' },
    );
    expect(s.user).toBeUndefined();
    expect(s).toMatchObject({ screen: { name: 'login' }, notice: 'account locked' });
  });
});
