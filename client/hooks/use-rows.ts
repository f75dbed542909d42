// How many rows a flexGrow box was given: put `ref` on a <Box {...FILL}> and list or page by
// `rows`. The Frame gives its body whatever the header and the hint lines leave, and flexbox gives
// this box what its siblings leave, so no screen counts its own lines (a wrapped line or a prompt
// simply makes the list shorter). Measured after each render; a change renders once more.
import { useEffect, useRef, useState } from 'react';
import { measureElement, type DOMElement } from 'ink';

/** Box props of the space a list fills: all that the siblings leave (basis 0), and never more. */
export const FILL = { flexGrow: 1, flexShrink: 1, flexBasis: 0, flexDirection: 'column', overflow: 'hidden' } as const;

export function useRows(): { ref: React.RefObject<DOMElement | null>; rows: number } {
  const ref = useRef<DOMElement | null>(null);
  const [rows, setRows] = useState(0);
  // After every render, not on a dependency: any sibling can change the room (a line wraps, a
  // prompt opens). It settles at once: a second measure finds the same height and sets nothing.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (!ref.current) return;
    const { height } = measureElement(ref.current);
    if (height !== rows) setRows(height);
  });
  return { ref, rows };
}
