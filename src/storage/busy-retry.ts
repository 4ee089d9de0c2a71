/**
 * The one retry loop for SQLite's busy lock: a statement, or a whole
 * transaction, refused because another connection holds the lock past the
 * busy timeout is run again after a jittered, doubling wait.
 */

/** True for SQLITE_BUSY and its extended codes (the lock is held elsewhere, or the snapshot went stale). */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

/**
 * Runs `run` (one autocommit statement, atomic by itself, or a whole
 * transaction that repeats from a clean state), retrying up to `attempts`
 * times in all while the database reports busy; `onRetry` is told about each
 * retried lock. Other errors are thrown at once.
 */
export async function whileBusy<T>(
  run: () => Promise<T>,
  attempts = 6,
  onRetry?: (attempt: number, error: unknown) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isBusyError(error) || attempt >= attempts) throw error;
      onRetry?.(attempt, error);
      await new Promise((r) =>
        setTimeout(r, Math.min(1000, 25 * 2 ** attempt) * (0.5 + Math.random())),
      );
    }
  }
}
