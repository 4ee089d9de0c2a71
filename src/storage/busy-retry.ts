import { isBusyError } from "./database.ts";

/**
 * Runs one statement (autocommit: atomic by itself, no transaction held
 * across awaits), retrying while another process holds the write lock past
 * the busy timeout.
 */
export async function whileBusy<T>(run: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isBusyError(error) || attempt >= attempts) throw error;
      await new Promise((r) =>
        setTimeout(r, Math.min(1000, 25 * 2 ** attempt) * (0.5 + Math.random())),
      );
    }
  }
}
