// The setup of the proctor's end-to-end tests: a real server on 127.0.0.1 in a temp data directory,
// with the admin `prof` and the self-registered student `stu1` logged in over the encrypted protocol.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientChannel } from '../../protocol/api.js';
import { connect } from '../../protocol/connect.js';
import { addAdmin } from '../../server/admin-ops.js';
import { startServer, type RunningServer } from '../../server/server.js';

export interface ExamServer {
  admin: ClientChannel;
  student: ClientChannel;
  /** Closes both channels and the server, and removes the data directory. */
  close(): Promise<void>;
}

async function login(
  srv: RunningServer,
  username: string,
  password: string,
  role: 'student' | 'admin',
): Promise<ClientChannel> {
  const ch = await connect({ host: '127.0.0.1', port: srv.port, serverKey: srv.publicKey });
  await ch.request('auth.login', { username, password, role });
  ch.setRole(role);
  return ch;
}

export async function examServer(prefix: string): Promise<ExamServer> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const srv = await startServer({ dataDir: dir, port: 0, quiet: true });
  const channels: ClientChannel[] = [];
  const close = async () => {
    for (const ch of channels) await ch.close().catch(() => undefined);
    await srv.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await addAdmin(dir, 'prof', 'admin password');
    const anon = await connect({ host: '127.0.0.1', port: srv.port, serverKey: srv.publicKey });
    channels.push(anon);
    await anon.request('auth.register', { username: 'stu1', password: 'student password' });
    const admin = await login(srv, 'prof', 'admin password', 'admin');
    channels.push(admin);
    const student = await login(srv, 'stu1', 'student password', 'student');
    channels.push(student);
    return { admin, student, close };
  } catch (err) {
    await close();
    throw err;
  }
}
