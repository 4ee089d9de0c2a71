/**
 * What to do after a failed Open API call, by Feishu's error code
 * (see the platform notes): pure, so it is tested without a network.
 */

/** A failed call, reduced to what the policy reads. */
export interface CallFailure {
  /** Feishu's `code`; 0 when there is none (network error, bare 5xx). */
  readonly code: number;
  readonly message: string;
  /** HTTP status; null on a network error. */
  readonly status: number | null;
  /** `x-ogw-ratelimit-reset`, in seconds, when sent. */
  readonly resetSeconds: number | null;
}

/** The policy's answer. */
export type RetryDecision =
  | { readonly kind: "wait"; readonly ms: number }
  | { readonly kind: "token" }
  | { readonly kind: "quota" }
  | { readonly kind: "fail" };

/** Per-chat or tenant message limits: back off 0.5 / 1.5 / 4.5 s (+ jitter), same uuid. */
const CHAT_LIMITED = new Set([230020, 11232]);
/** Transient: retried up to 5 times. */
const TRANSIENT = new Set([230049]);
const TOKEN_REJECTED = new Set([99991663, 99991671]);
const GATEWAY_LIMITED = 99991400;
const QUOTA_USED_UP = 99991403;

/**
 * Decides whether to retry `failure` (the `attempt`-th failure of one call,
 * from 0). A rejected token is retried once, immediately (after the caller
 * drops its cached token); rate limits wait; the monthly quota stops.
 */
export function retryDecision(
  failure: CallFailure,
  attempt: number,
  tokenRetried: boolean,
  options: { backoffMs?: number; maxWaitMs?: number } = {},
): RetryDecision {
  const base = options.backoffMs ?? 500;
  const maxWait = options.maxWaitMs ?? 60_000;
  const { code, status } = failure;
  if (code === QUOTA_USED_UP) return { kind: "quota" };
  if (TOKEN_REJECTED.has(code)) return tokenRetried ? { kind: "fail" } : { kind: "token" };
  const jitter = () => Math.floor(Math.random() * base * 0.2);
  if (CHAT_LIMITED.has(code))
    return attempt < 3 ? { kind: "wait", ms: base * 3 ** attempt + jitter() } : { kind: "fail" };
  if (code === GATEWAY_LIMITED || status === 429) {
    const ms = failure.resetSeconds !== null ? failure.resetSeconds * 1000 : base * 2 ** attempt;
    return attempt < 5 && ms <= maxWait ? { kind: "wait", ms: ms + jitter() } : { kind: "fail" };
  }
  const transient = TRANSIENT.has(code) || status === null || status >= 500;
  if (transient && attempt < 5) return { kind: "wait", ms: base * 2 ** attempt + jitter() };
  return { kind: "fail" };
}

/** Reads a thrown SDK (axios) error: HTTP status, Feishu code and the reset header. */
export function readFailure(error: unknown): CallFailure {
  const e = error as {
    message?: string;
    response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
  };
  const response = e?.response;
  if (!response)
    return { code: 0, message: e?.message ?? String(error), status: null, resetSeconds: null };
  const data = (response.data ?? {}) as { code?: unknown; msg?: unknown };
  const reset = Number(response.headers?.["x-ogw-ratelimit-reset"]);
  return {
    code: typeof data.code === "number" ? data.code : 0,
    message: typeof data.msg === "string" ? data.msg : `HTTP ${response.status}`,
    status: response.status ?? null,
    resetSeconds: Number.isFinite(reset) && reset >= 0 ? reset : null,
  };
}
