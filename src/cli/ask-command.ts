import { createInterface } from "node:readline";
import { createAnswerer } from "../answering/answerer.ts";
import type { BotReply } from "../answering/reply-model.ts";
import type { App } from "../app.ts";
import { UsageError } from "../errors.ts";
import type { CliOutput } from "./output.ts";

/** One search result as `ask --json` prints it. */
export interface AskResultJson {
  docNumber: string | null;
  /** The cited reply's label: its 文号, else issuer · title · date. */
  label: string;
  place: string | null;
  /** Where the reply came from (file path relative to the ingested folder). */
  source: string | null;
  title: string | null;
  section: string;
  excerpt: string;
  date: string | null;
  issuer: string | null;
  score: number;
}

/** Runs one question through the same core the chats use and shapes the result for JSON. */
export async function askJson(
  app: App,
  question: string,
  limit: number,
): Promise<{ query: string; kind: string; results: AskResultJson[]; notes: string[] }> {
  const reply = await createAnswerer(app, { pageSize: limit }).answer({ text: question });
  const results =
    reply.kind === "answer"
      ? reply.items.map((item) => ({
          docNumber: item.citation.docNumber,
          label: item.citation.label,
          place: item.citation.place ?? null,
          source: item.citation.source ?? null,
          title: item.citation.proposalTitle,
          section: item.citation.section,
          excerpt: item.excerpt,
          date: item.citation.date,
          issuer: item.citation.issuer,
          score: Math.round(item.score * 1000) / 1000,
        }))
      : [];
  return { query: question, kind: reply.kind, results, notes: notesOf(reply) };
}

function notesOf(reply: BotReply): string[] {
  return "notes" in reply ? [...reply.notes] : [];
}

/** `ask "<question>" [--limit N] [--json] [--stdin]`. */
export async function askCommand(
  app: App,
  question: string,
  options: { json: boolean; stdin: boolean; limit?: string },
  io: CliOutput,
  render: (reply: BotReply) => string,
): Promise<number> {
  const limit = options.limit === undefined ? 3 : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 20)
    throw new UsageError("--limit 需要 1 到 20 之间的整数");
  if (options.stdin) {
    for await (const line of createInterface({
      input: process.stdin,
      crlfDelay: Number.POSITIVE_INFINITY,
    })) {
      if (line.trim()) io.out(JSON.stringify(await askJson(app, line, limit)));
    }
    return 0;
  }
  if (!question.trim()) throw new UsageError('用法：ask "<问题>" [--limit N] [--json]');
  if (options.json) {
    io.out(JSON.stringify(await askJson(app, question, limit)));
    return 0;
  }
  io.out(render(await createAnswerer(app, { pageSize: limit }).answer({ text: question })));
  return 0;
}
