// Turns one request into a response: unknown command -> BAD_REQUEST, role gate (PROTOCOL.md 6:
// FORBIDDEN, or UNAUTHENTICATED for anon), argument check -> BAD_REQUEST, then the handler.
// Logs one line per command with its duration, never argument values.
import type { RequestHandler, ServerConnection } from '../protocol/api.js';
import { AppError } from '../protocol/errors.js';
import type { SessionRole } from '../protocol/messages.js';
import type { App, RequestContext } from './app.js';
import { COMMANDS, type Access } from './commands.js';

export function allowed(access: Access, role: SessionRole): 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN' {
  switch (access) {
    case 'any':
      return 'ok';
    case 'anon':
      return role === 'anon' ? 'ok' : 'FORBIDDEN';
    default:
      if (role === 'anon') return 'UNAUTHENTICATED';
      return access === 'user' || access === role ? 'ok' : 'FORBIDDEN';
  }
}

/** `addressOf`: the remote host of a connection, for per-address limits (default: conn.remoteAddress). */
export function createDispatcher(
  app: App,
  addressOf: (conn: ServerConnection) => string = (c) => c.remoteAddress,
): RequestHandler {
  return async (cmdName: string, args: Record<string, unknown>, conn: ServerConnection) => {
    const started = performance.now();
    const session = app.sessions.get(conn);
    const address = addressOf(conn);
    const who = session.username ?? 'anon';
    // The command name is the client's text: one log line per command, so no line breaks (a forged
    // line) and no other control character (C0 or C1, e.g. a terminal escape) reaches the log.
    const shown = String(cmdName)
      .slice(0, 64)
      .replace(/\p{Cc}/gu, '?');
    let outcome = 'ok';
    try {
      const spec = Object.hasOwn(COMMANDS, cmdName) ? COMMANDS[cmdName] : undefined;
      if (!spec)
        throw new AppError('BAD_REQUEST', `Unknown command '${shown}'; this server speaks PandaProctor protocol 1.`);
      const gate = allowed(spec.access, session.role);
      if (gate === 'UNAUTHENTICATED') throw new AppError('UNAUTHENTICATED', 'Log in first.');
      if (gate === 'FORBIDDEN') {
        throw new AppError(
          'FORBIDDEN',
          spec.access === 'anon'
            ? 'You are already logged in; log out first.'
            : `Your role (${session.role}) may not use ${cmdName}.`,
        );
      }
      const parsed = spec.validate(args ?? {});
      return await (spec.handle as (a: unknown, ctx: RequestContext) => unknown)(parsed, { app, session, address });
    } catch (err) {
      if (err instanceof AppError) {
        outcome = err.code;
        throw err;
      }
      outcome = 'INTERNAL';
      app.log(`conn ${conn.id} ${who} ${shown} failed: ${(err as Error)?.stack ?? String(err)}`);
      throw new AppError(
        'INTERNAL',
        'The server hit an internal error; the request was not completed. Tell the instructor.',
      );
    } finally {
      app.logFrom(address, `conn ${conn.id} ${who} ${shown} ${outcome} ${(performance.now() - started).toFixed(1)}ms`);
    }
  };
}
