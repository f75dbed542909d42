// Test helpers for real TCP clients (protocol/connect.ts) against a server.
import { connect } from '../../protocol/connect.js';
import type { ClientChannel } from '../../protocol/api.js';

export async function studentChannel(
  port: number,
  serverKey: Uint8Array,
  username: string,
  password = 'password-1',
  register = true,
): Promise<ClientChannel> {
  const ch = await connect({ host: '127.0.0.1', port, serverKey, requestTimeoutMs: 60_000 });
  if (register) await ch.request('auth.register', { username, password });
  await ch.request('auth.login', { username, password, role: 'student' });
  ch.setRole('student');
  return ch;
}

/** The letter of the bank's correct option in this attempt's (shuffled) option order. */
export function correctLetter(options: string[], bankOptions: string[], bankAnswer: string): string {
  return 'ABCDEFGH'[options.indexOf(bankOptions['ABCDEFGH'.indexOf(bankAnswer)])];
}
