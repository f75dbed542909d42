// The terminal's size, following resizes; screens are laid out for 80x24 and use more room up to
// 100x40 when there is some.
import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

export function clampSize(columns: number | undefined, rows: number | undefined): { width: number; height: number } {
  return { width: Math.max(60, Math.min(columns || 80, 100)), height: Math.max(16, Math.min(rows || 24, 40)) };
}

export function useTerminalSize(): { width: number; height: number } {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => clampSize(stdout.columns, stdout.rows));
  useEffect(() => {
    const onResize = () => setSize(clampSize(stdout.columns, stdout.rows));
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout]);
  return size;
}
