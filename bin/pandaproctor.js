#!/usr/bin/env node
// The one executable. `npm ci` / `npm run build` compile the TypeScript to dist/ (the `prepare` script);
// a checkout without dist/ (or PANDAPROCTOR_FROM_SOURCE=1) runs the sources through tsx instead.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
if (existsSync(fileURLToPath(compiled)) && process.env.PANDAPROCTOR_FROM_SOURCE !== '1') {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../cli/main.ts', import.meta.url).href);
}
