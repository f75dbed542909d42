// Text from outside in the audit log (docs/server.md "Audit log"): a stranger's failed login writes
// the username it tried, and admins type reasons and notices. None of it may break the chain that
// `audit verify` checks (a line break was hashed but written as a space, so one failed login made
// the whole log read as tampered), nor carry a terminal escape to whoever reads the file.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { verifyAuditText } from './store/audit-verify.js';
import { FakeConn, withTestServer } from './testing/harness.js';

test('a failed login with line breaks, escapes and bidi controls in the name: the log verifies and shows them escaped', () =>
  withTestServer({}, async (s, dir) => {
    const tried = 'x\ny\r\u001b]52;c;cHduZWQ=\u0007\u001b[2J\u202eevil\u0000';
    expect(await s.code(new FakeConn(), 'auth.login', { username: tried, password: 'whatever', role: 'student' })).toBe(
      'AUTH_FAILED',
    );
    const admin = await s.user('admin');
    const student = await s.user('student');
    const a = await s.call(student, 'exam.start', { course: 'DSA' });
    await s.call(admin, 'attempts.extend', { attemptId: a.attemptId, minutes: 5, reason: 'fire alarm\nrow 3' });
    await s.call(admin, 'notice.send', { course: 'DSA', text: 'five minutes\r\nleft' });
    await s.db.flush();
    const text = await readFile(join(dir, 'audit.csv'), 'utf8');

    expect(verifyAuditText(text)).toMatchObject({ ok: true });
    // Nothing but CRLF at the ends of rows: no other control or format character reaches the file.
    for (const row of text.split('\r\n')) expect(row).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    const failed = text.split('\r\n').find((r) => r.includes(',auth.login.failed,'))!;
    // What was tried stays readable: line breaks as spaces, the rest as \u{..}.
    expect(failed).toContain('x y \\u{1b}]52;c;cHduZWQ=\\u{7}\\u{1b}[2J\\u{202e}evil\\u{0}');
    expect(text).toContain('fire alarm row 3');
    expect(text).toContain('five minutes left');
  }));
