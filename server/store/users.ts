// users.csv: append-only; each row is the whole current record of one user and a later row for the
// same username replaces the earlier one (a password reset or a rehash at login appends a row). Only hashes with
// their per-user salt are stored, never a password.
import type { Role } from '../../protocol/messages.js';
import { formatRow } from './csv.js';
import { intField, nonEmpty, oneOf, RowError, type TableSpec } from './load.js';

export const USERS_FILE = 'users.csv';
export const USERS_HEADER = ['Username', 'Role', 'Created', 'Salt', 'Hash', 'Params'] as const;

export interface UserRecord {
  username: string;
  role: Role;
  created: number;
  salt: string; // base64
  hash: string; // base64
  params: string; // "argon2id:m:t:p" (m in KiB), or "scrypt:N:r:p" for rows made before Argon2id
}

export const usersTable: TableSpec<UserRecord> = {
  file: USERS_FILE,
  header: USERS_HEADER,
  appendOnly: true,
  parse(cells) {
    const [username, role, created, salt, hash, params] = cells;
    if (!/^(scrypt|argon2id):\d+:\d+:\d+$/.test(params))
      throw new RowError(`Params must be argon2id:m:t:p or scrypt:N:r:p, got '${params}'`);
    return {
      username: nonEmpty(username, 'Username'),
      role: oneOf(role, ['student', 'admin'] as const, 'Role'),
      created: intField(created, 'Created'),
      salt: nonEmpty(salt, 'Salt'),
      hash: nonEmpty(hash, 'Hash'),
      params,
    };
  },
};

export function userRow(u: UserRecord): string {
  return formatRow([u.username, u.role, u.created, u.salt, u.hash, u.params], { singleLine: true });
}
