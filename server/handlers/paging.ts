// Paging for lists and exports that grow with use (documented in docs/protocol.md "Paging"): a
// request with `limit` or `cursor` gets one page and, when more follow, a `cursor` to pass back.
// Without either it gets the 1.0 answer, whole, so 1.0 clients keep working.
import { PAGING_LIMITS } from '../limits.js';

/** The paging arguments as the contract checked them (`cursor`: digits, `limit`: 1 to the maximum). */
export interface PageArgs {
  limit?: number;
  cursor?: string;
}

/** The page asked for; undefined = the 1.0 answer, everything. */
export function pageOf(args: PageArgs): { limit: number; offset: number } | undefined {
  if (args.limit === undefined && args.cursor === undefined) return undefined;
  return {
    limit: args.limit ?? PAGING_LIMITS.defaultLimit,
    offset: args.cursor === undefined ? 0 : Number(args.cursor),
  };
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
