/**
 * A small cache of loaded values that expire a fixed time after loading and
 * whose number is capped, for per-chat facts the adapters ask the platform
 * for (a group's admins). Expired entries are dropped on every access; past
 * the cap the oldest entry goes first. A load that fails is not kept.
 */

/** What {@link createExpiringCache} returns. */
export interface ExpiringCache<K, V> {
  /** The live value under `key`, else `load(key)`'s (shared by callers asking meanwhile). */
  get(key: K, load: (key: K) => Promise<V>): Promise<V>;
  /** Entries held now (expired ones count until the next access drops them). */
  readonly size: number;
}

/** Options for {@link createExpiringCache}. */
export interface ExpiringCacheOptions {
  /** How long a loaded value is kept. */
  readonly ttlMs: number;
  /** Entries kept at most; the oldest goes first. */
  readonly maxEntries: number;
  /** The clock, in ms. Default: `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** Creates an empty cache. */
export function createExpiringCache<K, V>(options: ExpiringCacheOptions): ExpiringCache<K, V> {
  const now = options.now ?? Date.now;
  // Insertion order is expiry order (one ttl for all), so expired entries are at the front.
  const entries = new Map<K, { until: number; value: Promise<V> }>();
  const dropExpired = (at: number) => {
    for (const [key, entry] of entries) {
      if (entry.until > at) break;
      entries.delete(key);
    }
  };
  return {
    get size() {
      return entries.size;
    },
    get(key, load) {
      const at = now();
      dropExpired(at);
      const live = entries.get(key);
      if (live) return live.value;
      const value = load(key);
      entries.set(key, { until: at + options.ttlMs, value });
      if (entries.size > Math.max(1, options.maxEntries))
        entries.delete(entries.keys().next().value as K);
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      return value;
    },
  };
}
