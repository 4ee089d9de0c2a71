import { stripControlCharacters } from "../text/control-characters.ts";
import type { HostGate } from "./politeness.ts";

/**
 * One polite, bounded GET of a page: through the host gate, with a timeout
 * over the whole exchange, a size cap, conditional headers for a page seen
 * before, and redirects followed by hand and only on the same host.
 */

/** What a page said about its version last time (for a conditional request). */
export interface Validators {
  readonly etag: string | null;
  readonly lastModified: string | null;
}

/** Limits and shared state of every fetch a poller makes. */
export interface FetchSettings {
  readonly gate: HostGate;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Aborts waiting and fetching (shutdown). */
  readonly signal?: AbortSignal;
  /** Told about each request as it is sent (tests, figures). */
  readonly onRequest?: (url: string) => void;
}

/** The outcome of {@link fetchPage}. */
export type FetchResult =
  | {
      readonly kind: "ok";
      readonly url: string;
      readonly bytes: Uint8Array;
      readonly validators: Validators;
    }
  | { readonly kind: "not-modified"; readonly url: string; readonly validators: Validators }
  /** Not a page dafu reads (not HTML, too large, redirected off the host): remembered, not retried soon. */
  | { readonly kind: "skipped"; readonly url: string; readonly reason: string }
  /** The site or the network failed (timeout, HTTP error): tried again next round. */
  | { readonly kind: "failed"; readonly url: string; readonly reason: string };

/** Redirect hops followed at most. */
const MAX_REDIRECTS = 5;
const USER_AGENT = "dafu-poller/0.1 (polite; one request per second per host)";
const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)\b/i;

/** Fetches `address`; never throws except when `settings.signal` aborts. */
export async function fetchPage(
  address: string,
  known: Validators | null,
  settings: FetchSettings,
): Promise<FetchResult> {
  let url = new URL(address);
  const host = url.host;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const current = url.href;
    const result = await settings.gate.run(
      host,
      () => fetchOnce(current, known, settings),
      settings.signal,
    );
    if (result.kind !== "redirect") return result;
    let next: URL;
    try {
      next = new URL(result.location, current);
    } catch {
      return { kind: "skipped", url: current, reason: "redirect to an invalid address" };
    }
    if (next.host !== host || !/^https?:$/.test(next.protocol)) {
      return { kind: "skipped", url: current, reason: `redirect off the host to ${next.host}` };
    }
    url = next;
  }
  return { kind: "failed", url: url.href, reason: `more than ${MAX_REDIRECTS} redirects` };
}

type Exchange = FetchResult | { readonly kind: "redirect"; readonly location: string };

async function fetchOnce(
  url: string,
  known: Validators | null,
  settings: FetchSettings,
): Promise<Exchange> {
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  const signal = settings.signal ? AbortSignal.any([settings.signal, timeout]) : timeout;
  settings.onRequest?.(url);
  try {
    const response = await fetch(url, {
      redirect: "manual",
      signal,
      headers: requestHeaders(known),
    });
    return await readResponse(url, response, settings.maxBytes);
  } catch (error) {
    if (settings.signal?.aborted) throw settings.signal.reason;
    const reason = timeout.aborted
      ? `timed out after ${settings.timeoutMs} ms`
      : `network error: ${printable((error as Error)?.message ?? String(error))}`;
    return { kind: "failed", url, reason };
  }
}

function requestHeaders(known: Validators | null): Record<string, string> {
  const headers: Record<string, string> = {
    "user-agent": USER_AGENT,
    accept: "text/html,*/*;q=0.1",
  };
  if (known?.etag) headers["if-none-match"] = known.etag;
  if (known?.lastModified) headers["if-modified-since"] = known.lastModified;
  return headers;
}

async function readResponse(url: string, response: Response, maxBytes: number): Promise<Exchange> {
  const validators = {
    etag: response.headers.get("etag"),
    lastModified: response.headers.get("last-modified"),
  };
  const { status } = response;
  if (status === 304) return { kind: "not-modified", url, validators };
  if (status >= 300 && status < 400) {
    await response.body?.cancel();
    const location = response.headers.get("location");
    if (!location) return { kind: "failed", url, reason: `HTTP ${status} without a location` };
    return { kind: "redirect", location };
  }
  if (status !== 200) {
    await response.body?.cancel();
    return { kind: "failed", url, reason: `HTTP ${status}` };
  }
  const type = response.headers.get("content-type");
  if (type && !HTML_TYPES.test(type.trim())) {
    await response.body?.cancel();
    return { kind: "skipped", url, reason: `not HTML (${printable(type.split(";")[0] ?? "")})` };
  }
  const bytes = await readCapped(response, maxBytes);
  if (!bytes) return { kind: "skipped", url, reason: `larger than ${maxBytes} bytes` };
  return { kind: "ok", url, bytes, validators };
}

/** The body, or null (and the transfer stopped) once it passes `maxBytes`. */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | null> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes || !response.body) {
    await response.body?.cancel();
    return declared > maxBytes ? null : new Uint8Array();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Text a site sent (a header, an error message) made safe to log and print:
 * escape sequences and control characters (C0, C1, bidi) removed, one line,
 * at most 200 characters.
 */
export function printable(text: string): string {
  const line = stripControlCharacters(text).replace(/\s+/g, " ").trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
