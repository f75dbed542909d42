// Argument checking for the command table: each validator turns `args` into a typed value or throws
// BAD_REQUEST naming the field (PROTOCOL.md 4: a bad `args` gets BAD_REQUEST). Unknown keys are ignored.
import { AppError } from '../protocol/errors.js';

export type Args = Record<string, unknown>;
export type Validator<T> = (args: Args) => T;

export function bad(message: string): AppError {
  return new AppError('BAD_REQUEST', message);
}

export function str(args: Args, key: string, opts: { min?: number; max: number; re?: RegExp; what?: string }): string {
  const v = args[key];
  if (typeof v !== 'string') throw bad(`'${key}' must be a string.`);
  if (v.length < (opts.min ?? 1) || v.length > opts.max) throw bad(`'${key}' must be ${opts.min ?? 1}-${opts.max} characters.`);
  if (opts.re && !opts.re.test(v)) throw bad(`'${key}' must be ${opts.what ?? `like ${opts.re}`}.`);
  return v;
}

export function int(args: Args, key: string, min: number, max: number): number {
  const v = args[key];
  // PROTOCOL.md 5: an integral float64 is accepted where an integer is expected.
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw bad(`'${key}' must be a whole number from ${min} to ${max}.`);
  return v;
}

export function num(args: Args, key: string, min: number, max: number): number {
  const v = args[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw bad(`'${key}' must be a number from ${min} to ${max}.`);
  return v;
}

export function bool(args: Args, key: string): boolean {
  const v = args[key];
  if (typeof v !== 'boolean') throw bad(`'${key}' must be true or false.`);
  return v;
}

export function oneOf<T extends string>(args: Args, key: string, allowed: readonly T[]): T {
  const v = args[key];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw bad(`'${key}' must be one of ${allowed.join(', ')}.`);
  return v as T;
}

export function list(args: Args, key: string, min: number, max: number): unknown[] {
  const v = args[key];
  if (!Array.isArray(v) || v.length < min || v.length > max) throw bad(`'${key}' must be a list of ${min} to ${max} items.`);
  return v;
}

export function map(v: unknown, what: string): Args {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(`${what} must be a map.`);
  return v as Args;
}

export const none: Validator<Record<string, never>> = () => ({});
