import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './paths.js';

test('packageRoot finds the package that ships data/ (the compiled dist/ layout uses the same walk)', () => {
  const root = packageRoot();
  expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name).toBe('pandaproctor');
  expect(readFileSync(join(root, 'data', 'demo-accounts.json'), 'utf8')).toContain('demo-student');
});
