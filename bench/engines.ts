import path from "node:path";
import { createAnswerer } from "../src/answering/answerer.ts";
import type { App } from "../src/app.ts";
import { selectExcerpt } from "../src/search/excerpt.ts";
import { analyzeQuestion } from "../src/search/query-analysis.ts";
import { getSectionsOfReplies } from "../src/storage/section.repository.ts";
import type { PeerSection } from "./fts-peer.ts";
import type { RankedHit } from "./honest-quality.ts";
import type { TimedEngine } from "./interleave.ts";

/**
 * The engines of one run as the benchmark drives them: dafu's engine alone
 * (analyse + rank, as the peers are measured), dafu end to end (everything a
 * message costs), and "ask" functions giving each engine's first three hits
 * with an excerpt for the quality scores (the peers' excerpts are cut by
 * dafu's excerpt selection, so only the ranking differs).
 */

/** dafu's engine alone: question analysis and the top 24 sections. */
export function dafuSearchEngine(app: App): TimedEngine {
  const issuers = app.search.catalog.issuers();
  const known = (t: string) => app.search.index.documentFrequency(t) > 0;
  return {
    name: "dafu",
    run: (q) =>
      app.search.index.search(analyzeQuestion(q, { issuers, known }).terms, { limit: 24 }),
  };
}

/** dafu end to end: intent, lookup or search, excerpts, relevance, the reply model. */
export function dafuAnswerEngine(app: App): TimedEngine {
  const answerer = createAnswerer(app);
  return { name: "dafu answer", run: (q) => answerer.answer({ text: q }) };
}

const basename = (file: string | null | undefined) => (file ? path.basename(file) : null);

/** dafu's first three results, as a user sees them. */
export function dafuAsk(app: App): (q: string) => Promise<RankedHit[]> {
  const answerer = createAnswerer(app, { pageSize: 3 });
  return async (q) => {
    const reply = await answerer.answer({ text: q });
    if (reply.kind !== "answer") return [];
    return reply.items.map((item) => ({
      file: basename(item.citation.source),
      docNumber: item.citation.docNumber,
      excerpt: item.excerpt,
    }));
  };
}

/** Every section with its reply, for building the peers. */
export async function peerSections(app: App): Promise<PeerSection[]> {
  const ids = [...app.search.catalog.replies.keys()];
  const out: PeerSection[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    for (const s of await getSectionsOfReplies(app.db, ids.slice(i, i + 500))) {
      const reply = app.search.catalog.replies.get(s.replyId);
      if (reply) out.push({ id: s.id, title: s.title, text: s.text, reply });
    }
  }
  return out;
}

/** A peer's first three results: its ranking, dafu's excerpt selection. */
export function peerAsk(
  search: (q: string, limit: number) => number[],
  sections: readonly PeerSection[],
  weight: (term: string) => number,
): (q: string) => RankedHit[] {
  const byId = new Map(sections.map((s) => [s.id, s]));
  return (q) => {
    const { terms } = analyzeQuestion(q);
    return search(q, 3).flatMap((id) => {
      const s = byId.get(id);
      if (!s) return [];
      return [
        {
          file: basename(s.reply.sourceFile),
          docNumber: s.reply.docNumber,
          excerpt: selectExcerpt(s.text, terms, { weight }).text,
        },
      ];
    });
  };
}
