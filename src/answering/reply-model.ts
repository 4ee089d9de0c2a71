import type { ExcerptSegment } from "../search/excerpt.ts";
import type { HelpExamples } from "./help.ts";

/**
 * The platform-neutral reply: what dafu says, before any adapter renders it
 * (console text, Telegram HTML, Feishu card).
 */

/** Where an excerpt comes from. */
export interface Citation {
  /** 文号, else session + proposal number. */
  readonly label: string;
  readonly docNumber: string | null;
  readonly issuer: string | null;
  readonly date: string | null;
  readonly section: string;
  readonly subsection: string | null;
  readonly replyKind: string;
  readonly proposalTitle: string | null;
  /** Place the reply belongs to (通山县, 浙江省), when known. */
  readonly place?: string | null;
  /** Where the reply came from (file path relative to the ingested folder, or a page address). */
  readonly source?: string;
  /** 办理结果 category (A/B/C/D), when known. */
  readonly resultCategory?: string | null;
}

/** One ranked, cited excerpt. */
export interface AnswerItem {
  readonly citation: Citation;
  /** Plain excerpt text (≤ 160 characters). */
  readonly excerpt: string;
  /** The same text in runs; `mark` runs matched the question (renderers bold them). */
  readonly segments: readonly ExcerptSegment[];
  readonly score: number;
  /** Stored ids of the reply and section, for "open the full section" and "outline". */
  readonly replyId?: number;
  readonly sectionId?: number;
}

/** A reply listed without excerpts (latest replies, a listing by year or issuer). */
export interface ListItem {
  readonly label: string;
  readonly issuer: string | null;
  readonly date: string | null;
  readonly replyKind: string;
  readonly proposalTitle: string | null;
}

/** Everything a lookup shows about one reply. */
export interface DocumentCard extends ListItem {
  readonly docNumber: string | null;
  readonly proposalKind: string | null;
  readonly session: string | null;
  readonly proposalNumber: string | null;
  readonly proposers: readonly string[];
  readonly recipient: string | null;
  readonly result: string | null;
  readonly sections: readonly string[];
}

/** A subscription as the chat sees it. */
export interface SubscriptionView {
  readonly id: number;
  /** The filter as typed ("" = every new reply). */
  readonly filterText: string;
  /** The filter as dafu understood it (`describeFilter`). */
  readonly description: string;
  /** Day it was made, YYYY-MM-DD in DAFU_TIMEZONE. */
  readonly created: string;
  /** `paused`: the bot was removed from the chat; alerts resume when it is added back. */
  readonly status: "active" | "paused";
  /** Forum topic the alerts go to, when made in one. */
  readonly threadId: string | null;
}

/** A chat's alert settings as shown. */
export interface SettingsView {
  readonly delivery: "instant" | "digest";
  /** Hour (0–23) of the daily digest. */
  readonly digestHour: number;
  /** Quiet hours as minutes after midnight (start inclusive, end exclusive), or null. */
  readonly quietStart: number | null;
  readonly quietEnd: number | null;
  readonly silent: boolean;
  /** The time zone every time is read in (DAFU_TIMEZONE). */
  readonly timeZone: string;
}

/** One accepted form of a command, for a usage reply. */
export interface UsageForm {
  /** What to type, e.g. `/settings digest 8`. */
  readonly example: string;
  readonly meaning: string;
}

/** The chat side of alerts: subscribing, listing, unsubscribing, settings. */
export type SubscriptionReply =
  | {
      readonly kind: "subscribed";
      readonly subscription: SubscriptionView;
      /** False when the same filter was already subscribed here (nothing added). */
      readonly created: boolean;
      /** The newest matching replies when asked for (`--recent`); null: not asked (a button offers them). */
      readonly recent: readonly ListItem[] | null;
    }
  | {
      readonly kind: "subscriptions";
      readonly items: readonly SubscriptionView[];
      readonly settings: SettingsView;
    }
  | {
      readonly kind: "unsubscribed";
      /** What the user asked to remove (an id, or "all"). */
      readonly target: string;
      readonly removed: readonly SubscriptionView[];
    }
  | {
      readonly kind: "settings";
      readonly settings: SettingsView;
      /** What was changed, in a short Chinese phrase; null when only shown. */
      readonly changed: string | null;
    }
  | {
      /** Not allowed here: e.g. a group member who is not an admin changing subscriptions. */
      readonly kind: "refused";
      readonly message: string;
    }
  | {
      /** A command typed wrongly: what was wrong and the forms it takes. */
      readonly kind: "usage";
      readonly problem: string;
      readonly forms: readonly UsageForm[];
    };

/** What dafu answers. */
export type BotReply =
  | {
      readonly kind: "answer";
      readonly query: string;
      readonly items: readonly AnswerItem[];
      readonly page: number;
      readonly hasMore: boolean;
      readonly notes: readonly string[];
    }
  | {
      readonly kind: "document";
      readonly document: DocumentCard;
      readonly related: readonly string[];
    }
  | {
      readonly kind: "list";
      readonly title: string;
      readonly items: readonly ListItem[];
      readonly notes: readonly string[];
    }
  | {
      readonly kind: "help";
      readonly intro: string | null;
      /** Examples from the corpus loaded, rendered into the help lines. */
      readonly examples: HelpExamples;
    }
  | {
      /** One whole section of a reply ("open this section"). */
      readonly kind: "section";
      readonly citation: Citation;
      readonly text: string;
    }
  | {
      readonly kind: "no_answer";
      /** `no_match`: nothing answers the question; `no_more`: a later page was asked for and there is none. */
      readonly reason: "no_match" | "no_more";
      readonly query: string;
      readonly tips: readonly string[];
      readonly notes: readonly string[];
    }
  | {
      readonly kind: "not_found";
      readonly reference: string;
      readonly reason: "not_found" | "ambiguous";
      readonly suggestions: readonly string[];
    }
  | { readonly kind: "error"; readonly code: string; readonly message: string }
  | SubscriptionReply;
