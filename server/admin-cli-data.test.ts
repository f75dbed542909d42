// Admin commands never create a data directory by accident, and the server banner prints the exact
// `admin add` command for its own data directory.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { dataDirProblem, run as admin } from './admin-cli.js';
import { banner } from './main.js';
import { tempDir } from './testing/harness.js';
import { captureOutput } from './testing/capture.js';

test.each([['list'], ['unlock', 'bob'], ['add', 'bob', '--password-stdin']])(
  'admin %s without --data refuses a missing default and creates nothing',
  async (...argv) => {
    const t = await tempDir();
    const missing = join(t.dir, 'pandaproctor-data');
    const saved = process.env.PANDAPROCTOR_DATA;
    process.env.PANDAPROCTOR_DATA = missing;
    try {
      const r = await captureOutput('stderr', () => admin(argv));
      expect(r.code).toBe(1);
      expect(r.text).toBe(
        `pandaproctor admin: there is no data directory at ${missing}; nothing was created. Pass the server's --data DIR (its start-up banner prints the exact command)\n`,
      );
      expect(existsSync(missing)).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.PANDAPROCTOR_DATA;
      else process.env.PANDAPROCTOR_DATA = saved;
      await t.cleanup();
    }
  },
);

test('an explicit --data must still be a data directory, except for add, which may start one', async () => {
  const t = await tempDir();
  try {
    const empty = join(t.dir, 'empty');
    await mkdir(empty);
    const r = await captureOutput('stderr', () => admin(['list', '--data', empty]));
    expect(r).toEqual({
      code: 1,
      text: expect.stringContaining(`${empty} is not a PandaProctor data directory; nothing was created`),
    });
    expect(dataDirProblem(join(t.dir, 'new'), 'unlock', true)).toMatch(/there is no data directory/);
    expect(dataDirProblem(join(t.dir, 'new'), 'add', true)).toBeNull();
    expect(dataDirProblem(join(t.dir, 'new'), 'add', false)).toMatch(/there is no data directory/);
  } finally {
    await t.cleanup();
  }
});

test('the banner prints the exact admin add command for its data directory, quoted when needed', () => {
  const srv = {
    host: '127.0.0.1',
    port: 7340,
    fingerprint: 'ab'.repeat(32),
    publicKey: new Uint8Array(32),
    close: async () => {},
  };
  expect(banner({ ...srv, dataDir: '/srv/exam-data' }, '127.0.0.1')).toContain(
    '\n  pandaproctor admin add NAME --data /srv/exam-data\n',
  );
  expect(banner({ ...srv, dataDir: "/srv/my exam's data" }, '127.0.0.1')).toContain(
    `pandaproctor admin add NAME --data '/srv/my exam'\\''s data'`,
  );
  expect(banner({ ...srv, dataDir: 'rel' }, '127.0.0.1')).toContain(`--data ${join(process.cwd(), 'rel')}`);
});

test('import-legacy without --data does not create the default data directory either', async () => {
  const t = await tempDir();
  const legacy = join(t.dir, 'legacy');
  await mkdir(legacy);
  const missing = join(t.dir, 'pandaproctor-data');
  const saved = process.env.PANDAPROCTOR_DATA;
  process.env.PANDAPROCTOR_DATA = missing;
  try {
    const { run: importLegacy } = await import('./import-legacy-cli.js');
    const r = await captureOutput('stderr', () => importLegacy([legacy]));
    expect(r).toEqual({
      code: 1,
      text: expect.stringContaining(`there is no data directory at ${missing}; nothing was created`),
    });
    expect(existsSync(missing)).toBe(false);
  } finally {
    if (saved === undefined) delete process.env.PANDAPROCTOR_DATA;
    else process.env.PANDAPROCTOR_DATA = saved;
    await t.cleanup();
  }
});
