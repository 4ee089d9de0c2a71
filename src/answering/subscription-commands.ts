import { type ChatSettings, readChatSettings, saveChatSettings } from "../alerts/alert-schedule.ts";
import { type QuestionFilterContext, questionToFilter } from "../alerts/question-filter.ts";
import { recentMatches } from "../alerts/recent-matches.ts";
import { describeFilter, parseSubscriptionFilter } from "../alerts/subscription-filter.ts";
import { isAppError } from "../errors.ts";
import { shortLabel } from "../lookup/lookup.ts";
import type { Database } from "../storage/database.ts";
import { getResultSet } from "../storage/result-set.repository.ts";
import {
  addSubscription,
  getSubscription,
  listSubscriptions,
  removeAllSubscriptions,
  removeSubscription,
  type Subscription,
} from "../storage/subscription.repository.ts";
import type { ConversationAction } from "./conversation.ts";
import type { MessageContext } from "./incoming-message.ts";
import type { SubscriptionIntent } from "./intent.ts";
import type {
  BotReply,
  ListItem,
  SettingsView,
  SubscriptionView,
  UsageForm,
} from "./reply-model.ts";
import { parseSettingsCommand, SETTINGS_FORMS } from "./settings-command.ts";
import { idsIn } from "./subscription-text.ts";

/**
 * The chat side of alerts: `/subscribe`, `/unsubscribe`, `/subscriptions`,
 * `/settings` and the subscribe / recent-matches buttons. In a group only
 * admins may change anything (the adapter says who is one, through
 * {@link MessageContext.canManage}); listing is open to everyone.
 */

/** Options for {@link createSubscriptionCommands}. */
export interface SubscriptionCommandOptions {
  readonly db: Database;
  /** DAFU_TIMEZONE: dates shown and settings read in it. */
  readonly timeZone: string;
  readonly now: () => number;
  /** What the subscribe button's question is read with (the live index's idf); default: no corpus knowledge. */
  readonly questionContext?: () => QuestionFilterContext;
}

/** What the conversation calls. */
export interface SubscriptionCommands {
  /** Answers a subscription command said in a chat. */
  handle(intent: SubscriptionIntent, context: MessageContext): Promise<BotReply>;
  /** Subscribes the chat to `filterText` (a button press), with the same checks as the command. */
  subscribe(filterText: string, context: MessageContext, recent: boolean): Promise<BotReply>;
  /**
   * A subscribe button (the answer's question, from its result set, or the
   * filter the button carries) or a recent-matches button; null when the
   * result set or subscription is gone or belongs to another chat.
   */
  press(action: ConversationAction): Promise<BotReply | null>;
  /** The newest replies a chat's subscription matches; null when the chat has no such subscription. */
  recent(
    subscriptionId: number,
    chat: { platform: string; chatId: string },
  ): Promise<BotReply | null>;
}

/** Why `/settings silent on` is refused where the platform cannot send silently. */
const NO_SILENT_SEND =
  "这个平台的机器人消息总会提醒，无法静音发送。想少打扰，可以设免打扰时段（/settings quiet 22-7）或改为每日汇总（/settings digest 9）。";

/** The forms `/subscribe` takes. */
export const SUBSCRIBE_FORMS: readonly UsageForm[] = [
  { example: "/subscribe", meaning: "订阅全部新答复" },
  {
    example: "/subscribe 养老 社区",
    meaning: "同时含有“养老”和“社区”的新答复（关键词用空格分开）",
  },
  { example: "/subscribe 通山 2024 提案", meaning: "地区、年份、类别（提案/建议）" },
  { example: "/subscribe 市科委 A类", meaning: "答复单位、办理结果类别（A/B/C/D类）" },
  { example: "/subscribe 教育 -收费", meaning: "前面加 - 表示排除含这个词的答复" },
  { example: "/subscribe 养老 --recent", meaning: "订阅并马上看看最近符合条件的答复" },
];

/** The forms `/unsubscribe` takes. */
export const UNSUBSCRIBE_FORMS: readonly UsageForm[] = [
  { example: "/unsubscribe 3", meaning: "取消编号为 3 的订阅（编号见 /subscriptions）" },
  { example: "/unsubscribe all", meaning: "取消本会话的全部订阅" },
  { example: "/subscriptions", meaning: "查看本会话的订阅及编号" },
];

const REFUSAL =
  "抱歉，在群里只有群主或管理员可以修改订阅和提醒设置。您可以发送 /subscriptions 查看本群的订阅。";

/** Creates the subscription commands over the database. */
export function createSubscriptionCommands(
  options: SubscriptionCommandOptions,
): SubscriptionCommands {
  const { db, timeZone, now } = options;
  const view = (s: Subscription) => toView(s, timeZone);
  /** The answer's question as a filter: its place, kind … and its rarest words, not the whole sentence. */
  const buttonFilter = (question: string) =>
    questionToFilter(question, options.questionContext?.() ?? {}) || question;

  async function subscribe(
    filterText: string,
    context: MessageContext,
    recent: boolean,
  ): Promise<BotReply> {
    if (!(await mayManage(context))) return { kind: "refused", message: REFUSAL };
    let filter: ReturnType<typeof parseSubscriptionFilter>;
    try {
      filter = parseSubscriptionFilter(filterText);
    } catch (error) {
      if (!isAppError(error)) throw error;
      return { kind: "usage", problem: error.message, forms: SUBSCRIBE_FORMS };
    }
    const subscription = await addSubscription(
      db,
      {
        platform: context.platform,
        chatId: context.chatId,
        threadId: context.threadAlerts === false ? null : context.threadId,
        filterText,
        filter,
        createdBy: context.senderId,
      },
      now(),
    );
    return {
      kind: "subscribed",
      subscription: view(subscription),
      created: subscription.created,
      recent: recent ? await recentItems(subscription) : null,
    };
  }

  async function recentItems(subscription: Subscription): Promise<ListItem[]> {
    return (await recentMatches(db, subscription.filter)).map((r) => ({
      label: shortLabel(r),
      issuer: r.issuer,
      date: r.date,
      replyKind: r.replyKind,
      proposalTitle: r.proposalTitle,
    }));
  }

  async function unsubscribe(target: string, context: MessageContext): Promise<BotReply> {
    const all = /^(?:all|全部|所有|全部订阅)$/i.test(target);
    const ids = all ? [] : idsIn(target);
    if (!all && ids === null)
      return {
        kind: "usage",
        problem: target
          ? `看不懂“${target.slice(0, 40)}”：请写订阅编号或 all。`
          : "请写上要取消的订阅编号，或 all。",
        forms: UNSUBSCRIBE_FORMS,
      };
    if (!(await mayManage(context))) return { kind: "refused", message: REFUSAL };
    const live = await listSubscriptions(db, context.platform, context.chatId);
    const chosen = all ? live : live.filter((s) => ids?.includes(s.id));
    if (all) await removeAllSubscriptions(db, context.platform, context.chatId, now());
    else for (const s of chosen) await removeSubscription(db, s.platform, s.chatId, s.id, now());
    return { kind: "unsubscribed", target: all ? "all" : target, removed: chosen.map(view) };
  }

  async function settings(args: string, context: MessageContext): Promise<BotReply> {
    const command = parseSettingsCommand(args);
    if (command.kind === "bad")
      return { kind: "usage", problem: command.problem, forms: SETTINGS_FORMS };
    if (command.kind === "show") {
      const current = await readChatSettings(db, context.platform, context.chatId);
      return { kind: "settings", settings: settingsView(current, timeZone), changed: null };
    }
    if (!(await mayManage(context))) return { kind: "refused", message: REFUSAL };
    if (command.patch.silent === true && context.silentAlerts === false)
      return {
        kind: "usage",
        problem: NO_SILENT_SEND,
        forms: SETTINGS_FORMS.filter((f) => !f.example.includes("silent")),
      };
    const saved = await saveChatSettings(db, context.platform, context.chatId, command.patch, {
      now: now(),
      timeZone,
    });
    return { kind: "settings", settings: settingsView(saved, timeZone), changed: command.summary };
  }

  async function recent(
    id: number,
    chat: { platform: string; chatId: string },
  ): Promise<BotReply | null> {
    const subscription = await getSubscription(db, id);
    if (
      !subscription ||
      subscription.status === "inactive" ||
      subscription.platform !== chat.platform ||
      subscription.chatId !== chat.chatId
    )
      return null;
    const items = await recentItems(subscription);
    return {
      kind: "list",
      title: `最近符合订阅 #${id} 的答复`,
      items,
      notes:
        items.length === 0
          ? [`目前还没有符合“${describeFilter(subscription.filter)}”的答复。`]
          : [],
    };
  }

  return {
    subscribe,
    async handle(intent, context) {
      switch (intent.kind) {
        case "subscribe":
          return subscribe(intent.filterText, context, intent.recent);
        case "unsubscribe":
          return unsubscribe(intent.target, context);
        case "subscriptions": {
          const items = await listSubscriptions(db, context.platform, context.chatId);
          const current = await readChatSettings(db, context.platform, context.chatId);
          return {
            kind: "subscriptions",
            items: items.map(view),
            settings: settingsView(current, timeZone),
          };
        }
        case "settings":
          return settings(intent.args, context);
      }
    },
    recent,
    async press(action) {
      if (action.verb === "recent")
        return action.chat && action.subscriptionId !== undefined
          ? recent(action.subscriptionId, action.chat)
          : null;
      const context = action.context;
      const set =
        action.filterText === undefined
          ? await getResultSet(db, action.resultSetId, now())
          : undefined;
      const filterText = action.filterText ?? (set ? buttonFilter(set.query) : undefined);
      if (!context || filterText === undefined) return null;
      // A result set subscribes only the chat it was asked in.
      if (set && (set.platform !== context.platform || set.chatId !== context.chatId)) return null;
      return subscribe(filterText, context, false);
    },
  };
}

/** Private chats may always change their subscriptions; in groups the adapter decides (absent: no). */
async function mayManage(context: MessageContext): Promise<boolean> {
  if (context.chatType === "private") return true;
  if (!context.canManage) return false;
  try {
    return await context.canManage();
  } catch {
    return false;
  }
}

function toView(s: Subscription, timeZone: string): SubscriptionView {
  return {
    id: s.id,
    filterText: s.filterText,
    description: describeFilter(s.filter),
    created: localDate(s.createdAt, timeZone),
    status: s.status === "paused" ? "paused" : "active",
    threadId: s.threadId,
  };
}

/** A chat's settings as shown. */
export function settingsView(s: ChatSettings, timeZone: string): SettingsView {
  return { ...s, timeZone };
}

/** YYYY-MM-DD of an instant in the zone. */
function localDate(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
}
