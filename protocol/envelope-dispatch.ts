// The one message switch both ends of a connection run once the handshake is done. Keep-alive and
// goodbye mean the same in either direction (docs/protocol.md), so they are answered here; each side
// passes handlers only for the messages its peer may send (a client sends `req`, a server sends
// `res` and `evt`), and anything else - including a second `welcome` - fails the channel.
import type { Channel } from './channel.js';
import type { Envelope, EvtMsg, ReqMsg, ResMsg } from './messages.js';

export interface EnvelopeHandlers {
  req?(msg: ReqMsg): void;
  res?(msg: ResMsg): void;
  evt?(msg: EvtMsg): void;
}

/** `peer` names the sender in the error ("a client", "the server"). */
export function dispatchEnvelope(
  msg: Envelope,
  channel: Pick<Channel, 'send' | 'peerBye' | 'fail'>,
  handlers: EnvelopeHandlers,
  peer: string,
): void {
  switch (msg.t) {
    case 'ping':
      channel.send({ t: 'pong' });
      return;
    case 'pong':
      return;
    case 'bye':
      channel.peerBye(msg.reason);
      return;
    case 'req':
      if (handlers.req) return handlers.req(msg);
      break;
    case 'res':
      if (handlers.res) return handlers.res(msg);
      break;
    case 'evt':
      if (handlers.evt) return handlers.evt(msg);
      break;
  }
  channel.fail('BAD_MESSAGE', `unexpected message type ${msg.t} from ${peer}`);
}
