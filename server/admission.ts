// Fair admission of new connections during a login storm. A server handshake costs three X25519
// operations in pure JS (~8 ms of event-loop time on the lab machine) and runs when the client's
// first bytes arrive; 500 students connecting at once would otherwise run seconds of handshakes
// back to back while students already in the exam wait for their answers. So a new socket's first
// bytes are held back, and sockets are handed to the protocol layer one per event-loop turn:
// answers (and their fsync completions) interleave with the handshakes. Waiting sockets take turns
// by remote address (round robin), so a stranger opening hundreds of connections delays another
// machine's connection by about one handshake, not by his whole backlog.
import type net from 'node:net';

export class AdmissionQueue {
  /** address -> sockets waiting, oldest first; Map order is the rotation. */
  private readonly ready = new Map<string, net.Socket[]>();
  private scheduled = false;

  /**
   * @param admit hands the socket to the protocol layer (it attaches its reader; we resume after).
   * @param handshakeMs PROTOCOL.md 3: a socket that has not finished its handshake this long after
   *   accept is closed; waiting here counts, and the protocol layer's own timer runs after admission.
   */
  constructor(
    private readonly admit: (socket: net.Socket) => void,
    private readonly handshakeMs: number,
  ) {}

  /** A freshly accepted socket: wait for its first bytes, then queue it. */
  add(socket: net.Socket): void {
    // The server sends nothing before the handshake is done, so no bytes written = not done.
    const timer = setTimeout(() => {
      if (socket.bytesWritten === 0) socket.destroy();
    }, this.handshakeMs);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    const onData = (chunk: Buffer) => {
      socket.off('data', onData);
      socket.pause();
      socket.unshift(chunk);
      const address = socket.remoteAddress ?? '';
      const line = this.ready.get(address);
      if (line) line.push(socket);
      else this.ready.set(address, [socket]);
      this.schedule();
    };
    socket.on('data', onData);
  }

  /** Drops everything still waiting (server shutting down). */
  clear(): void {
    for (const line of this.ready.values()) for (const s of line) s.destroy();
    this.ready.clear();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.pump());
  }

  private pump(): void {
    this.scheduled = false;
    for (const [address, line] of this.ready) {
      const socket = line.shift()!;
      // To the back of the rotation (or out, when its line is empty).
      this.ready.delete(address);
      if (line.length > 0) this.ready.set(address, line);
      if (socket.destroyed) continue;
      this.admit(socket);
      socket.resume(); // the held-back bytes reach the protocol layer now
      break; // one admission per turn
    }
    if (this.ready.size > 0) this.schedule();
  }
}
