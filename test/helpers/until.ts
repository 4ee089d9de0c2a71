/**
 * Polls `check` until it returns a value other than undefined/false, and
 * returns that value; fails naming `what` after the deadline (no timing is
 * asserted).
 */
export async function until<T>(
  check: () => Promise<T | false | undefined> | T | false | undefined,
  what: string,
  deadlineMs = 20_000,
): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
