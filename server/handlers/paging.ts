// Paging for lists and exports that grow with use (documented in docs/protocol.md "Paging"): a
// request with `limit` or `cursor` gets one page and, when more follow, a `cursor` to pass back.
// Without either it gets the 1.0 answer, whole, so 1.0 clients keep working.
import { PAGING_LIMITS } from '../limits.js';
import { bad, int, str, type Args } from '../validate.js';

export interface PageArgs {
  /** Absent: the 1.0 answer, everything. */
  page?: { limit: number; offset: number };
}

export function pageArgs(args: Args, maxLimit: number = PAGING_LIMITS.maxLimit): PageArgs {
  if (args.limit === undefined && args.cursor === undefined) return {};
  const limit = args.limit === undefined ? Math.min(PAGING_LIMITS.defaultLimit, maxLimit) : int(args, 'limit', 1, maxLimit);
  let offset = 0;
  if (args.cursor !== undefined) {
    const c = str(args, 'cursor', { max: 20 });
    if (!/^\d{1,15}$/.test(c)) throw bad("'cursor' must be a cursor from the previous page.");
    offset = Number(c);
  }
  return { page: { limit, offset } };
}

/**
 * One page of `items` and the cursor of the next, if any: at most `limit` items and, measured with
 * `size` (about the encoded bytes of one item), at most PAGING_LIMITS.pageBytes, but at least one.
 */
export function slicePage<T>(
  items: readonly T[],
  page: { limit: number; offset: number },
  size?: (item: T) => number,
  maxBytes: number = PAGING_LIMITS.pageBytes,
): { items: T[]; cursor?: string } {
  const out: T[] = [];
  let bytes = 0;
  let i = page.offset;
  for (; i < items.length && out.length < page.limit; i++) {
    if (size) {
      bytes += size(items[i]);
      if (bytes > maxBytes && out.length > 0) break;
    }
    out.push(items[i]);
  }
  return i < items.length ? { items: out, cursor: String(i) } : { items: out };
}

/** Lets other connections' requests run between chunks of a long rendering (an export, an import). */
export function yieldToOthers(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}
