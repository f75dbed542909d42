import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot, SERVER_NAME, VERSION } from './package.js';

test('packageRoot finds the package that ships data/ (the compiled dist/ layout uses the same walk)', () => {
  const root = packageRoot();
  expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name).toBe('pandaproctor');
  expect(readFileSync(join(root, 'data', 'demo-accounts.json'), 'utf8')).toContain('demo-student');
});

test('the version is read from package.json, not written twice', () => {
  expect(VERSION).toBe(JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version);
  expect(SERVER_NAME).toBe(`pandaproctor/${VERSION}`);
});
