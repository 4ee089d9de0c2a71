import type { HostTurns } from "./host-turns.ts";

/**
 * Politeness towards the sites dafu reads: one request at a time per host,
 * and the next one starts no sooner than `intervalMs` after the previous one
 * ended (so the host sees at most one request per interval, whatever the
 * network's latency).
 */

/** Default pause between two requests to one host: 1 s. */
export const DEFAULT_POLITENESS_MS = 1000;

/** Serialises and spaces requests per host. One gate per poller, shared by all its sources. */
export class HostGate {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly lastEnd = new Map<string, number>();

  /**
   * @param intervalMs pause between the end of one request to a host and the start of the next
   * @param turns shares the hosts with other processes (through the database); none = this process only
   */
  constructor(
    private readonly intervalMs = DEFAULT_POLITENESS_MS,
    private readonly turns?: HostTurns,
  ) {}

  /**
   * Runs `work` when `host` is free and rested. Rejects with the signal's
   * reason when aborted while waiting.
   */
  async run<T>(host: string, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const previous = this.tails.get(host) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.tails.set(host, tail);
    try {
      await previous;
      const rest = (this.lastEnd.get(host) ?? Number.NEGATIVE_INFINITY) + this.intervalMs;
      await pause(rest - performance.now(), signal);
      await this.turns?.take(host, signal);
      try {
        return await work();
      } finally {
        this.lastEnd.set(host, performance.now());
        await this.turns?.give(host, Date.now() + this.intervalMs);
      }
    } finally {
      release();
      if (this.tails.get(host) === tail) this.tails.delete(host);
    }
  }
}

/** Waits `ms` (nothing when ≤ 0); rejects at once when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (!(ms > 0)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
