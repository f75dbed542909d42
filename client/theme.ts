// Colours in one place. NO_COLOR (https://no-color.org) turns every colour off; meaning never depends
// on colour alone (marks like ✓ ✗ › and words carry it too).
export function colorEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
}

/**
 * Sets what Ink reads once, when it is first imported: call before importing launch.tsx.
 * - NO_COLOR: chalk reads FORCE_COLOR, not NO_COLOR.
 * - CI: Ink draws only the last frame when CI or CONTINUOUS_INTEGRATION is set (is-in-ci), so a
 *   shell profile that exports CI=true left a student's exam screen blank. A terminal is never CI.
 */
export function prepareInkEnv(env: NodeJS.ProcessEnv = process.env, isTTY = process.stdout.isTTY === true): void {
  if (!colorEnabled(env)) env.FORCE_COLOR = '0';
  if (isTTY) for (const k of ['CI', 'CONTINUOUS_INTEGRATION']) if (k in env) env[k] = 'false';
}

export interface Theme {
  accent?: string;
  good?: string;
  bad?: string;
  warn?: string;
  dim: boolean;
}

export function makeTheme(color: boolean): Theme {
  return color ? { accent: 'cyan', good: 'green', bad: 'red', warn: 'yellow', dim: true } : { dim: false };
}

export const theme: Theme = makeTheme(colorEnabled());
