import type { QuestionFilterContext } from "../alerts/question-filter.ts";
import { pruneSendProgress } from "../storage/alert-send-progress.repository.ts";
import type { Database } from "../storage/database.ts";
import {
  createResultSet,
  findResultSetByMessage,
  getResultSet,
  latestResultSet,
  pruneResultSets,
  type ResultSet,
  type ShownItem,
  updateResultSet,
} from "../storage/result-set.repository.ts";
import { pruneHandledUpdates } from "../storage/update-dedupe.repository.ts";
import type { Answerer } from "./answerer.ts";
import type { IncomingMessage, MessageContext } from "./incoming-message.ts";
import { parseSubscriptionIntent } from "./intent.ts";
import type { BotReply } from "./reply-model.ts";
import { createSubscriptionCommands } from "./subscription-commands.ts";

/** What the bot says to a message, and the result set its buttons refer to. */
export interface ConversationTurn {
  readonly reply: BotReply;
  /** Short id of the stored result set (answers only); buttons carry it. */
  readonly resultSetId: string | null;
}

/**
 * What a button asks for: a page, a full section, an outline; `subscribe`
 * the chat to the result set's question (or to `filterText`); `recent`: the
 * newest replies a subscription matches.
 */
export type ActionVerb = "page" | "section" | "outline" | "subscribe" | "recent";

/** A button press: a verb on an item of a page of a result set. */
export interface ConversationAction {
  readonly resultSetId: string;
  readonly verb: ActionVerb;
  /** Page, from 1. */
  readonly page: number;
  /** Item on the page, from 0 (section and outline only). */
  readonly item: number;
  /** The chat the button was pressed in; a press from another chat finds nothing. */
  readonly chat?: { readonly platform: string; readonly chatId: string };
  /** Who pressed, and where (subscribe: permissions and forum topic). */
  readonly context?: MessageContext;
  /** subscribe: the filter a reply card's button carries (no result set). */
  readonly filterText?: string;
  /** recent: the subscription whose matches to show. */
  readonly subscriptionId?: number;
}

/** The outcome of a button press. */
export type ActionOutcome =
  | { readonly kind: "expired" }
  | {
      readonly kind: "reply";
      readonly reply: BotReply;
      readonly resultSetId: string | null;
      /** True: replace the message the button is on (paging); false: send a new one. */
      readonly edit: boolean;
    };

/** The platform-neutral chat logic every adapter drives. */
export interface Conversation {
  /** Answers a message, or returns null when the bot should stay silent (an unaddressed group message). */
  handle(message: IncomingMessage): Promise<ConversationTurn | null>;
  /** Handles a button press. */
  act(action: ConversationAction): Promise<ActionOutcome>;
  /** Records the bot message that shows a result set, so replies to it page on. */
  shown(resultSetId: string, messageId: string): Promise<void>;
}

/** Options for {@link createConversation}. */
export interface ConversationOptions {
  readonly answerer: Answerer;
  readonly db: Database;
  /** Clock, for tests. Default `Date.now`. */
  readonly now?: () => number;
  /** DAFU_TIMEZONE: alert settings and subscription dates. Default Asia/Shanghai. */
  readonly timeZone?: string;
  /** The live index's word rarity, for the subscribe button's filter (see questionToFilter). */
  readonly questionContext?: () => QuestionFilterContext;
}

/** Words that ask for the next page of the last answer. */
const MORE = /^(?:\/more|更多|下一页|继续|more|next)$/i;

/** Creates the conversation logic over an answerer and the database. */
export function createConversation(options: ConversationOptions): Conversation {
  const { answerer, db } = options;
  const now = options.now ?? Date.now;
  const subscriptions = createSubscriptionCommands({
    db,
    now,
    timeZone: options.timeZone ?? "Asia/Shanghai",
    ...(options.questionContext ? { questionContext: options.questionContext } : {}),
  });

  async function remember(reply: AnswerReply, query: string, context: MessageContext) {
    const set = await createResultSet(
      db,
      {
        platform: context.platform,
        chatId: context.chatId,
        userId: context.senderId,
        query,
        page: reply.page,
        items: shownItemsOf(reply),
      },
      now(),
    );
    return set.id;
  }

  async function followUp(context: MessageContext): Promise<ResultSet | undefined> {
    const where = { platform: context.platform, chatId: context.chatId };
    if (context.replyTo?.fromBot) {
      const set = await findResultSetByMessage(
        db,
        { ...where, messageId: context.replyTo.messageId },
        now(),
      );
      if (set) return set;
    }
    return latestResultSet(db, where, now());
  }

  async function page(set: ResultSet, pageNumber: number): Promise<BotReply> {
    const reply = await answerer.answer({ text: set.query, page: pageNumber });
    if (reply.kind === "answer") {
      const shownItems = { ...set.shownItems, [pageNumber]: shownItemsOf(reply) };
      await updateResultSet(db, set.id, { page: pageNumber, shownItems });
    }
    return reply;
  }

  return {
    async handle(message) {
      const context = message.context;
      if (context && context.chatType !== "private" && !context.addressed) return null;
      const command = context ? parseSubscriptionIntent(message.text) : null;
      if (command && context)
        return { reply: await subscriptions.handle(command, context), resultSetId: null };
      if (context && MORE.test(message.text.trim())) {
        const set = await followUp(context);
        if (!set) return { reply: nothingToPage(), resultSetId: null };
        return { reply: await page(set, set.page + 1), resultSetId: set.id };
      }
      const reply = await answerer.answer(message);
      const resultSetId =
        reply.kind === "answer" && context ? await remember(reply, message.text, context) : null;
      return { reply, resultSetId };
    },

    async act(action) {
      if (action.verb === "recent" || action.verb === "subscribe") {
        const reply = await subscriptions.press(action);
        return reply
          ? { kind: "reply", reply, resultSetId: null, edit: false }
          : { kind: "expired" };
      }
      const set = await getResultSet(db, action.resultSetId, now());
      if (!set || !fromOwnChat(set, action)) return { kind: "expired" };
      if (action.verb === "page") {
        return {
          kind: "reply",
          reply: await page(set, action.page),
          resultSetId: set.id,
          edit: true,
        };
      }
      // Exactly what that page showed, whatever the index holds now.
      const item = set.shownItems[action.page]?.[action.item];
      if (!item) return { kind: "expired" };
      const reply =
        action.verb === "section"
          ? await answerer.section(item.replyId, item.sectionId)
          : await answerer.outline(item.replyId);
      return { kind: "reply", reply, resultSetId: null, edit: false };
    },

    async shown(resultSetId, messageId) {
      await updateResultSet(db, resultSetId, { messageId });
    },
  };
}

/** A running pruner of chat state; see {@link startStatePruning}. */
export interface StatePruning {
  /** Settles when the first pruning (at start) is done. */
  readonly ready: Promise<void>;
  /** Stops the timer. */
  stop(): void;
}

/**
 * Prunes expired chat state — result sets past their 48 h, update ids older
 * than a week, split alerts' send progress older than three days — now and
 * then every `intervalMs` (default 1 h) on an unref'd timer, so it never
 * keeps the process alive. Failures go to `onError`.
 */
export function startStatePruning(
  db: Database,
  options: { intervalMs?: number; now?: () => number; onError?: (error: unknown) => void } = {},
): StatePruning {
  const now = options.now ?? Date.now;
  const prune = async () => {
    try {
      await pruneResultSets(db, now());
      await pruneHandledUpdates(db, now());
      await pruneSendProgress(db, now());
    } catch (error) {
      options.onError?.(error);
    }
  };
  const timer = setInterval(() => void prune(), options.intervalMs ?? 3600_000);
  timer.unref();
  return { ready: prune(), stop: () => clearInterval(timer) };
}

type AnswerReply = Extract<BotReply, { kind: "answer" }>;

function shownItemsOf(reply: AnswerReply): (ShownItem | null)[] {
  return reply.items.map((item) =>
    item.replyId !== undefined && item.sectionId !== undefined
      ? { replyId: item.replyId, sectionId: item.sectionId }
      : null,
  );
}

function fromOwnChat(set: ResultSet, action: ConversationAction): boolean {
  return (
    !action.chat || (action.chat.platform === set.platform && action.chat.chatId === set.chatId)
  );
}

function nothingToPage(): BotReply {
  return { kind: "no_answer", reason: "no_more", query: "", tips: [], notes: [] };
}
