/**
 * The alert pipeline's shared shapes: a subscription's filter, an alert as the
 * core builds it (before any adapter renders it), and what a platform's
 * sender reports back to the dispatcher.
 */

/** A saved search, parsed from the text after `/subscribe`. Every present part must hold. */
export interface SubscriptionFilter {
  /** Words that must all occur (substring of the reply's text, after normalising). */
  readonly keywords: readonly string[];
  /** Words (`-词`) that must not occur. */
  readonly excluded: readonly string[];
  /** Year of the reply's date (or of its 文号 / session when it has no date). */
  readonly year: number | null;
  /** A place (canonical division name, e.g. 通山县); the reply's place or a place it contains. */
  readonly place: string | null;
  /** An answering body, as typed (matched by place and body, like issuer lookups). */
  readonly issuer: string | null;
  /** 提案 (CPPCC) or 建议 (people's congress). */
  readonly proposalKind: "提案" | "建议" | null;
  /** 办理结果 category: A, B, C or D. */
  readonly resultCategory: string | null;
}

/** One reply in an alert. */
export interface AlertItem {
  readonly replyId: number;
  /** Title of the reply, else of the proposal answered. */
  readonly title: string;
  /** 文号, else issuer · title (what a citation shows). */
  readonly label: string;
  readonly docNumber: string | null;
  readonly place: string | null;
  readonly issuer: string | null;
  readonly date: string | null;
  /** 办理结果, e.g. "A类（已解决或采纳）", when known. */
  readonly result: string | null;
  /** The section that matched the filter, and an excerpt of it. */
  readonly section: string | null;
  readonly excerpt: string | null;
  /** True for a revision of a reply alerted before ("已更新"). */
  readonly revised: boolean;
  /** What changed in a revision, in short Chinese notes. */
  readonly changes: readonly string[];
  /** Where the reply came from (a page address opens it; a file path is shown). */
  readonly source: string | null;
  /** The subscription(s) it matched, by id, and their filters as typed. */
  readonly subscriptions: readonly { readonly id: number; readonly filter: string }[];
}

/** One message to one chat: a single alert, or a digest of several. */
export interface AlertMessage {
  readonly items: readonly AlertItem[];
  /** True when it is the chat's daily digest (rather than instant alerts batched). */
  readonly dailyDigest: boolean;
}

/** Where an alert goes and how. */
export interface AlertTarget {
  readonly platform: string;
  readonly chatId: string;
  /** Telegram forum topic, when the subscription was made in one. */
  readonly threadId: string | null;
  /** Send without a notification sound. */
  readonly silent: boolean;
  /** Idempotency key, the same on every retry of this message (Feishu `uuid`). */
  readonly key: string;
}

/** What a sender reports after trying to send one alert message. */
export type SendOutcome =
  | { readonly kind: "sent"; readonly messageId: string }
  /** Rate limited: pause this platform's queue for that long, then retry. */
  | { readonly kind: "rate_limited"; readonly retryAfterMs: number }
  /** Failed for now (network, 5xx): retry later with back-off. */
  | { readonly kind: "transient"; readonly error: string }
  /**
   * The platform refused this message, not the chat (Telegram 400 such as bad
   * HTML; a Feishu card refused again as rich text): retried a bounded number
   * of times, then the rows fail with the error; the subscription stays.
   */
  | { readonly kind: "rejected"; readonly error: string }
  /** The group became a supergroup (Telegram): move the chat's subscriptions and send again there. */
  | { readonly kind: "migrated"; readonly newChatId: string }
  /**
   * The bot can no longer post there. `pause`: until the bot is re-added
   * (Feishu 230002); otherwise the subscriptions are deactivated.
   */
  | {
      readonly kind: "undeliverable";
      readonly reason: "blocked" | "kicked" | "chat_not_found" | "bot_removed" | "disbanded";
      readonly pause: boolean;
      readonly detail: string;
    };

/** A platform's way of sending alerts; the adapters implement it. */
export interface AlertSender {
  /** "telegram", "feishu", "console". */
  readonly platform: string;
  /** Messages per second the platform allows overall (the dispatcher paces to it). */
  send(target: AlertTarget, message: AlertMessage): Promise<SendOutcome>;
}

/** How far a message sent in several parts got: the parts the platform confirmed, in order. */
export interface SendProgress {
  /** Parts confirmed so far (the first `parts` of the message). */
  readonly parts: number;
  /** The platform's id of the first part (what the outbox records for the whole message). */
  readonly firstMessageId: string;
}

/**
 * Durable memory of split messages' confirmed parts, by the message's
 * idempotency key ({@link AlertTarget.key}): a retry, even in a new process,
 * resumes after the parts already confirmed. A sender records each part right
 * after the platform confirms it.
 */
export interface SendProgressStore {
  /** What was confirmed of the message under `key`, or null when nothing was. */
  get(key: string): Promise<SendProgress | null>;
  /** Records the message's progress (replacing what was recorded). */
  save(key: string, progress: SendProgress): Promise<void>;
  /** Forgets the message (its chat is gone, or it must be sent whole again elsewhere). */
  clear(key: string): Promise<void>;
}
