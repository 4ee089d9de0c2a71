/** A one-line progress bar for a terminal; silent when the stream is not a TTY. */
export interface ProgressBar {
  update(done: number, total: number, label: string): void;
  done(): void;
}

/** Draws on `stream` (default stderr) only when it is a terminal. */
export function createProgressBar(
  stream: NodeJS.WriteStream = process.stderr,
  width = 24,
): ProgressBar {
  const active = stream.isTTY === true;
  return {
    update(done, total, label) {
      if (!active) return;
      const filled = total === 0 ? width : Math.round((done / total) * width);
      const bar = "█".repeat(filled) + "░".repeat(width - filled);
      const name = label.length > 40 ? `…${label.slice(-39)}` : label;
      stream.write(`\r\x1b[2K[${bar}] ${done}/${total} ${name}`);
    },
    done() {
      if (active) stream.write("\r\x1b[2K");
    },
  };
}
