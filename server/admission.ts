// Fair admission of new connections (issue 7 login storm). A server handshake costs three X25519
// operations in pure JS (~8 ms of event-loop time on the lab machine) and runs when the client's
// first bytes arrive; 500 students connecting at once would otherwise run seconds of handshakes
// back to back while students already in the exam wait for their answers. So a new socket's first
// bytes are held back, and sockets are handed to the protocol layer one per event-loop turn:
// answers (and their fsync completions) interleave with the handshakes.
import type net from 'node:net';

export class AdmissionQueue {
  private readonly ready: net.Socket[] = [];
  private head = 0;
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
      this.ready.push(socket);
      this.schedule();
    };
    socket.on('data', onData);
  }

  /** Drops everything still waiting (server shutting down). */
  clear(): void {
    for (let i = this.head; i < this.ready.length; i++) this.ready[i].destroy();
    this.ready.length = 0;
    this.head = 0;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.pump());
  }

  private pump(): void {
    this.scheduled = false;
    while (this.head < this.ready.length) {
      const socket = this.ready[this.head++];
      if (socket.destroyed) continue;
      this.admit(socket);
      socket.resume(); // the held-back bytes reach the protocol layer now
      break; // one admission per turn
    }
    if (this.head >= 1024 && this.head * 2 >= this.ready.length) {
      this.ready.splice(0, this.head);
      this.head = 0;
    }
    if (this.head < this.ready.length) this.schedule();
  }
}
