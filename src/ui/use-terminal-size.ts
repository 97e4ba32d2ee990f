// The one place that owns the terminal size. On resize the screen is cleared first: the terminal has
// already re-wrapped the old frame, so Ink's "erase the last N lines" would leave debris behind.

import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

export interface TerminalSize {
  columns: number;
  rows: number;
}

const CLEAR_SCREEN = '\u001b[2J\u001b[H';

export function useTerminalSize(fallback: TerminalSize = { columns: 80, rows: 24 }): TerminalSize {
  const { stdout } = useStdout();
  const read = (): TerminalSize => ({ columns: stdout.columns || fallback.columns, rows: stdout.rows || fallback.rows });
  const [size, setSize] = useState<TerminalSize>(read);
  useEffect(() => {
    const onResize = () => {
      if (stdout.isTTY) stdout.write(CLEAR_SCREEN);
      setSize(read());
    };
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stdout]);
  return size;
}
