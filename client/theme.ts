// Colours in one place. NO_COLOR (https://no-color.org) turns every colour off; meaning never depends
// on colour alone (marks like ✓ ✗ › and words carry it too).
export function colorEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
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
