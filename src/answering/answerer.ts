import type { App } from "../app.ts";
import { issuerMatches } from "../documents/issuer-match.ts";
import { describeError, isAppError } from "../errors.ts";
import { lookupReference, replyLabel } from "../lookup/lookup.ts";
import {
  type AnalyzedQuestion,
  analyzeQuestion,
  isListingQuestion,
} from "../search/query-analysis.ts";
import type { SearchHit } from "../search/search-service.ts";
import { listReplies, type ReplySummary, type StoredReply } from "../storage/reply.repository.ts";
import { type Intent, parseIntent } from "./intent.ts";
import type { AnswerItem, BotReply, DocumentCard, ListItem } from "./reply-model.ts";

/** A message from any platform, reduced to what the core needs. */
export interface IncomingMessage {
  readonly text: string;
  /** Page of an answer, from 1. Default 1. */
  readonly page?: number;
}

/** Options for {@link createAnswerer}. */
export interface AnswererOptions {
  /** Excerpts per page. Default 3. */
  readonly pageSize?: number;
  /** Where unexpected errors are reported (never shown to users). Default: stderr. */
  readonly logError?: (error: unknown, context: string) => void;
}

/** Turns a message into a reply. Never throws: failures become an `error` reply in Chinese. */
export interface Answerer {
  answer(message: IncomingMessage): Promise<BotReply>;
}

const NO_ANSWER_TIPS = [
  "换个说法，或用文件里会出现的词，例如政策、平台、机构的名称",
  "按文号查找：/doc 沪科提复〔2023〕45号，或 /doc 第0539号提案",
  "看最新答复：/latest",
];

/** Creates the answerer over an app's database and search index. */
export function createAnswerer(
  app: Pick<App, "db" | "search">,
  options: AnswererOptions = {},
): Answerer {
  const pageSize = options.pageSize ?? 3;
  const logError =
    options.logError ??
    ((error, context) => console.error(`[dafu] ${context}: ${describeError(error)}`));

  const questionContext = () => ({
    issuers: app.search.catalog.issuers(),
    known: (term: string) => app.search.index.documentFrequency(term) > 0,
  });

  async function handle(intent: Intent): Promise<BotReply> {
    switch (intent.kind) {
      case "help":
        return { kind: "help", intro: null };
      case "empty":
        return {
          kind: "help",
          intro: "请直接输入问题，例如：上海有效期内的高新技术企业有多少家？",
        };
      case "lookup_usage":
        return {
          kind: "help",
          intro: "请在 /doc 后面写上文号或编号，例如 /doc 沪科提复〔2023〕45号",
        };
      case "unknown_command":
        return { kind: "help", intro: `没有 /${intent.command} 这个命令。` };
      case "lookup":
        return lookup(intent.reference);
      case "latest":
        return latest(analyzeQuestion(intent.text, questionContext()), "最新答复");
      case "question":
        return question(intent.text, intent.page);
    }
  }

  async function lookup(reference: string): Promise<BotReply> {
    const result = await lookupReference(app.db, reference);
    if (result?.found)
      return {
        kind: "document",
        document: toCard(result.reply),
        related: result.related.map(replyLabel),
      };
    return {
      kind: "not_found",
      reference,
      reason: result?.reason ?? "not_found",
      suggestions: result?.suggestions.map(replyLabel) ?? [],
    };
  }

  async function latest(q: AnalyzedQuestion, what: string): Promise<BotReply> {
    const { year, issuer, proposalKind } = q.filters;
    const items = await listReplies(app.db, {
      ...(year ? { year } : {}),
      ...(issuer ? { issuer: (name: string) => issuerMatches(name, issuer) } : {}),
      ...(proposalKind ? { proposalKind } : {}),
      limit: 5,
    });
    const scope = [
      year ? `${year}年` : "",
      issuer ?? "",
      proposalKind ? `${proposalKind}` : "",
    ].join("");
    const title = `${scope ? `${scope}的` : ""}${what}`;
    const notes = items.length === 0 ? [`没有${scope || ""}的答复。`] : [];
    return { kind: "list", title, items: items.map(toListItem), notes };
  }

  async function question(text: string, page: number): Promise<BotReply> {
    const q = analyzeQuestion(text, questionContext());
    const hasFilter =
      q.filters.year !== null || q.filters.issuer !== null || q.filters.proposalKind !== null;
    if (q.wantsLatest) return latest(q, "最新答复");
    if (q.strictFilters && hasFilter && isListingQuestion(q)) return latest(q, "答复（最新在前）");
    const notes = q.truncated ? ["问题较长，只按前 200 个字检索。"] : [];
    if (q.terms.length === 0) {
      return { kind: "no_answer", reason: "no_match", query: q.text, tips: NO_ANSWER_TIPS, notes };
    }
    const outcome = await app.search.search(q, page * pageSize + 1);
    if (outcome.unknownDocNumber && q.filters.docNumber) {
      return lookup(
        `${q.filters.docNumber.prefix}〔${q.filters.docNumber.year}〕${q.filters.docNumber.serial}号`,
      );
    }
    const items = outcome.hits.slice((page - 1) * pageSize, page * pageSize);
    if (outcome.filtersRelaxed)
      notes.push("没有找到完全符合筛选条件（年份、机关或类别）的答复，以下是全部答复中的结果。");
    if (items.length === 0) {
      const exhausted = page > 1 && outcome.hits.length > 0;
      return exhausted
        ? { kind: "no_answer", reason: "no_more", query: q.text, tips: [], notes }
        : { kind: "no_answer", reason: "no_match", query: q.text, tips: NO_ANSWER_TIPS, notes };
    }
    return {
      kind: "answer",
      query: q.text,
      items: items.map(toAnswerItem),
      page,
      hasMore: outcome.hits.length > page * pageSize,
      notes,
    };
  }

  return {
    async answer(message) {
      try {
        // Replies ingested by another process (a CLI ingest while the bot runs) become searchable here.
        await app.search.catchUp();
        return await handle(parseIntent(message.text, message.page ?? 1));
      } catch (error) {
        logError(error, "answer");
        return {
          kind: "error",
          code: isAppError(error) ? error.code : "INTERNAL",
          message: isAppError(error) ? error.message : "处理消息时出了点问题，请稍后再试。",
        };
      }
    },
  };
}

function toAnswerItem(hit: SearchHit): AnswerItem {
  return {
    citation: {
      label: replyLabel(hit.reply),
      docNumber: hit.reply.docNumber,
      issuer: hit.reply.issuer,
      date: hit.reply.date,
      section: hit.sectionTitle,
      subsection: hit.subsectionTitle,
      replyKind: hit.reply.replyKind,
      proposalTitle: hit.reply.proposalTitle,
    },
    excerpt: hit.excerpt.text,
    segments: hit.excerpt.segments,
    score: hit.score,
  };
}

function toListItem(r: ReplySummary): ListItem {
  return {
    label: replyLabel(r),
    issuer: r.issuer,
    date: r.date,
    replyKind: r.replyKind,
    proposalTitle: r.proposalTitle,
  };
}

function toCard(r: StoredReply): DocumentCard {
  return {
    ...toListItem(r),
    docNumber: r.docNumber,
    proposalKind: r.proposalKind,
    session: r.session,
    proposalNumber: r.proposalNumber,
    proposers: r.proposers,
    recipient: r.recipient,
    result: r.result,
    sections: r.sections.map((s) => s.title),
  };
}
