import type { App } from "../app.ts";
import { describeError, isAppError } from "../errors.ts";
import { lookupReference, replyLabel, replyLine, shortLabel } from "../lookup/lookup.ts";
import { issuerTest } from "../search/issuer-finder.ts";
import {
  type AnalyzedQuestion,
  analyzeQuestion,
  isListingQuestion,
} from "../search/query-analysis.ts";
import type { SearchHit } from "../search/search-service.ts";
import {
  getReply,
  listReplies,
  type ReplySummary,
  type StoredReply,
} from "../storage/reply.repository.ts";
import { getSections } from "../storage/section.repository.ts";
import { corpusExamples, type HelpExamples, noAnswerTips } from "./help.ts";
import type { IncomingMessage } from "./incoming-message.ts";
import { type Intent, parseIntent } from "./intent.ts";
import type { AnswerItem, BotReply, DocumentCard, ListItem } from "./reply-model.ts";

export type { IncomingMessage } from "./incoming-message.ts";

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
  /** One whole section of a stored reply ("open this section"); `not_found` when gone. */
  section(replyId: number, sectionId: number): Promise<BotReply>;
  /** A stored reply's card and outline; `not_found` when gone. */
  outline(replyId: number): Promise<BotReply>;
  /** Help examples from the corpus loaded (cached per corpus version). */
  examples(): Promise<HelpExamples>;
}

/** Creates the answerer over an app's database and search index. */
export function createAnswerer(
  app: Pick<App, "db" | "search">,
  options: AnswererOptions = {},
): Answerer {
  const pageSize = options.pageSize ?? 3;
  const logError =
    options.logError ??
    ((error, context) => console.error(`[dafu] ${context}: ${describeError(error)}`));

  let cachedExamples: { version: number; examples: HelpExamples } | null = null;
  async function examples(): Promise<HelpExamples> {
    const version = app.search.corpusVersion;
    if (cachedExamples?.version !== version)
      cachedExamples = { version, examples: await corpusExamples(app.db) };
    return cachedExamples.examples;
  }
  const help = async (intro: string | null): Promise<BotReply> => ({
    kind: "help",
    intro,
    examples: await examples(),
  });

  const questionContext = () => ({
    issuers: app.search.catalog.issuers(),
    known: (term: string) => app.search.index.documentFrequency(term) > 0,
  });

  async function handle(intent: Intent): Promise<BotReply> {
    switch (intent.kind) {
      case "help":
        return help(null);
      case "empty": {
        const { question: example } = await examples();
        return help(`请直接输入问题${example ? `，例如：${example}` : "。"}`);
      }
      case "lookup_usage": {
        const { docNumber } = await examples();
        return help(`请在 /doc 后面写上文号或编号${docNumber ? `，例如 /doc ${docNumber}` : "。"}`);
      }
      case "unknown_command":
        return help(`没有 /${intent.command} 这个命令。`);
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
        related: result.related.map(replyLine),
      };
    return {
      kind: "not_found",
      reference,
      reason: result?.reason ?? "not_found",
      // Candidates of an ambiguous reference show their place and issuer.
      suggestions:
        result?.suggestions.map(result.reason === "ambiguous" ? replyLine : replyLabel) ?? [],
    };
  }

  async function latest(q: AnalyzedQuestion, what: string): Promise<BotReply> {
    const { year, proposalKind, places } = q.filters;
    // An "issuer" that is only a place named (武侯区) lists that place's replies.
    const place = places[0]?.name ?? null;
    const issuer = places.some((p) => [p.text, p.name].includes(q.filters.issuer ?? ""))
      ? null
      : q.filters.issuer;
    const items = await listReplies(app.db, {
      ...(year ? { year } : {}),
      ...(issuer ? { issuer: issuerTest(app.search.catalog.issuers(), issuer) } : {}),
      ...(place ? { place } : {}),
      ...(proposalKind ? { proposalKind } : {}),
      limit: 5,
    });
    const scope = [
      year ? `${year}年` : "",
      issuer ?? place ?? "",
      proposalKind ? `${proposalKind}` : "",
    ].join("");
    const title = `${scope ? `${scope}的` : ""}${what}`;
    const notes = items.length === 0 ? [`没有${scope || ""}的答复。`] : [];
    return { kind: "list", title, items: items.map(toListItem), notes };
  }

  async function question(text: string, page: number): Promise<BotReply> {
    const q = analyzeQuestion(text, questionContext());
    const hasFilter =
      q.filters.year !== null ||
      q.filters.issuer !== null ||
      q.filters.proposalKind !== null ||
      q.filters.places.length > 0;
    if (q.wantsLatest) return latest(q, "最新答复");
    if (q.strictFilters && hasFilter && isListingQuestion(q)) return latest(q, "答复（最新在前）");
    const notes = q.truncated ? ["问题较长，只按前 200 个字检索。"] : [];
    const tips = noAnswerTips(await examples());
    if (q.terms.length === 0) {
      return { kind: "no_answer", reason: "no_match", query: q.text, tips, notes };
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
    if (outcome.placesWithoutReplies.length > 0)
      notes.push(`已收录的答复都不涉及${outcome.placesWithoutReplies.join("、")}。`);
    if (items.length === 0) {
      const exhausted = page > 1 && outcome.hits.length > 0;
      return exhausted
        ? { kind: "no_answer", reason: "no_more", query: q.text, tips: [], notes }
        : { kind: "no_answer", reason: "no_match", query: q.text, tips, notes };
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

  async function section(replyId: number, sectionId: number): Promise<BotReply> {
    const [record] = await getSections(app.db, [sectionId]);
    const reply = record?.replyId === replyId ? await getReply(app.db, replyId) : undefined;
    if (!record || !reply) return gone();
    return {
      kind: "section",
      citation: { ...citationOf(reply, record.title, null) },
      text: record.text,
    };
  }

  async function outline(replyId: number): Promise<BotReply> {
    const reply = await getReply(app.db, replyId);
    return reply ? { kind: "document", document: toCard(reply), related: [] } : gone();
  }

  const guarded =
    <A extends unknown[]>(context: string, run: (...args: A) => Promise<BotReply>) =>
    async (...args: A): Promise<BotReply> => {
      try {
        return await run(...args);
      } catch (error) {
        logError(error, context);
        return failure(error);
      }
    };

  return {
    section: guarded("section", section),
    outline: guarded("outline", outline),
    examples,
    async answer(message) {
      try {
        // Replies ingested by another process (a CLI ingest while the bot runs) become searchable here.
        await app.search.catchUp();
        return await handle(parseIntent(message.text, message.page ?? 1));
      } catch (error) {
        logError(error, "answer");
        return failure(error);
      }
    },
  };
}

function failure(error: unknown): BotReply {
  return {
    kind: "error",
    code: isAppError(error) ? error.code : "INTERNAL",
    message: isAppError(error) ? error.message : "处理消息时出了点问题，请稍后再试。",
  };
}

function gone(): BotReply {
  return { kind: "error", code: "GONE", message: "这份答复已不在库中，可能已被更新或删除。" };
}

function citationOf(reply: ReplySummary, section: string, subsection: string | null) {
  return {
    label: replyLabel(reply),
    docNumber: reply.docNumber,
    issuer: reply.issuer,
    date: reply.date,
    section,
    subsection,
    replyKind: reply.replyKind,
    proposalTitle: reply.proposalTitle,
    place: reply.place,
    resultCategory: reply.resultCategory,
    source: reply.sourceFile,
  };
}

function toAnswerItem(hit: SearchHit): AnswerItem {
  return {
    citation: citationOf(hit.reply, hit.sectionTitle, hit.subsectionTitle),
    excerpt: hit.excerpt.text,
    segments: hit.excerpt.segments,
    score: hit.score,
    replyId: hit.reply.id,
    sectionId: hit.sectionId,
  };
}

function toListItem(r: ReplySummary): ListItem {
  return {
    // Shown beside issuer, title and date: without a 文号, the place and proposal number.
    label: shortLabel(r),
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
