/**
 * Table types of the alert tables (migration 0008), added to the schema with
 * `db.withTables<AlertTables>()`. Times are epoch milliseconds.
 */

/** A chat's saved search. */
export interface SubscriptionTable {
  id: number;
  platform: string;
  chat_id: string;
  /** Telegram forum topic (message_thread_id) the subscription was made in; alerts go there. */
  thread_id: string | null;
  /** The filter as the user typed it. */
  filter_text: string;
  /** The parsed filter (`SubscriptionFilter`) as JSON. */
  filter_json: string;
  created_by: string | null;
  created_at: number;
  /** active | inactive (unsubscribed or permanently undeliverable) | paused (Feishu bot removed, until re-added). */
  status: string;
  /** Why it is not active: unsubscribed, blocked, kicked, gone, bot_removed, disbanded… */
  status_reason: string | null;
  status_at: number | null;
}

/** Per-chat delivery settings; a chat without a row has the defaults. */
export interface ChatSettingsTable {
  platform: string;
  chat_id: string;
  /** instant | digest */
  delivery: string;
  /** Hour (0–23, in DAFU_TIMEZONE) the daily digest goes out. */
  digest_hour: number | null;
  /** Quiet hours as minutes after midnight (start inclusive, end exclusive; may wrap midnight); null = none. */
  quiet_start: number | null;
  quiet_end: number | null;
  /** 1: send without a notification sound. */
  silent: number;
  updated_at: number;
}

/** One alert to deliver: a reply revision for a subscription. Unique per (reply_id, reply_version, subscription_id). */
export interface AlertOutboxTable {
  id: number;
  reply_id: number;
  /** The reply's corpus version when stored (a revision has a new one). */
  reply_version: number;
  subscription_id: number;
  platform: string;
  chat_id: string;
  thread_id: string | null;
  /** 1 when the reply was revised (the alert says 已更新). */
  revised: number;
  /** JSON array of short change notes for a revision (e.g. "办理结果：B类 → A类"), or null. */
  changes: string | null;
  /** Position of the section that matched the filter, or null. */
  section_position: number | null;
  /** pending | sent | failed (permanent failure recorded) | dropped (subscription gone before delivery) */
  state: string;
  /** Not before this time (instant: the ingest time; digest and quiet hours push it later). */
  due_at: number;
  /** Worker holding the row, and until when; a lapsed claim may be taken again. */
  claimed_by: string | null;
  claim_until: number | null;
  attempts: number;
  /** Idempotency key of the send (Feishu `uuid`); the same on every retry. */
  send_key: string;
  sent_at: number | null;
  /** The platform's id of the message that delivered the row (migration 0010). */
  message_id: string | null;
  /** Key of the message first carrying the row, written before that send; a retry reuses it (migration 0012). */
  message_key: string | null;
  last_error: string | null;
  created_at: number;
}

/** A platform's queue paused after a 429, for every worker. */
export interface PlatformPauseTable {
  platform: string;
  until: number;
  reason: string | null;
}

/** The alert tables (a type alias, not an interface: `withTables` needs an index-compatible type). */
export type AlertTables = {
  subscription: SubscriptionTable;
  chat_settings: ChatSettingsTable;
  alert_outbox: AlertOutboxTable;
  platform_pause: PlatformPauseTable;
};
