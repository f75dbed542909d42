// import-legacy on a running server: an account registered while the import hashes
// passwords is kept, never replaced by the imported row.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importLegacy } from './legacy-import.js';
import { createUser } from './handlers/auth.js';
import { tempDir, testServer } from './testing/harness.js';

test('a name registered while the import hashes its password keeps its own account', async () => {
  const t = await tempDir();
  const s = await testServer(join(t.dir, 'data'));
  try {
    const legacy = join(t.dir, 'legacy');
    await mkdir(legacy);
    await writeFile(join(legacy, 'Student.txt'), 'zed,legacy-pass\nyan,legacy-pass\n');
    const realHash = s.app.hasher.hash.bind(s.app.hasher);
    let registered = false;
    s.app.hasher.hash = async (password: string) => {
      const h = await realHash(password);
      if (!registered) {
        registered = true;
        await createUser(s.app, 'zed', 'zeds own password', 'student', 'zed', '10.0.0.5'); // auth.register meanwhile
      }
      return h;
    };
    const report = await importLegacy(s.app, legacy);
    expect(report.students).toBe(1);
    expect(report.errors).toEqual([
      { file: 'Student.txt', line: 1, message: "'zed' already exists; kept the existing account" },
    ]);
    expect(await s.app.hasher.verify('zeds own password', s.db.model.users.get('zed')!)).toBe(true);
    expect(s.db.model.users.has('yan')).toBe(true);
  } finally {
    await s.close();
    await t.cleanup();
  }
});
