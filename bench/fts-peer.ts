import SQLite from "better-sqlite3";
import { selectExcerpt } from "../src/search/excerpt.ts";
import { analyzeQuestion, contentText } from "../src/search/query-analysis.ts";
import { replyMetaText } from "../src/search/section-index.ts";
import { normalizeForSearch, tokenize } from "../src/search/tokenizer.ts";
import type { ReplySummary } from "../src/storage/reply.repository.ts";

/**
 * The engine a user would otherwise pick: SQLite FTS5 over the same sections
 * (title, text, reply metadata), in two set-ups: `unicode61` over the same
 * bigram tokens dafu indexes, and the `trigram` tokenizer over the
 * normalised text. Both rank with bm25 and the same field weights as dafu.
 */

/** One section to index. */
export interface PeerSection {
  readonly id: number;
  readonly title: string;
  readonly text: string;
  readonly reply: ReplySummary;
}

/** Which FTS5 set-up. */
export type PeerKind = "bigram" | "trigram";

const WEIGHTS = "2.0, 1.0, 1.5"; // title, text, meta: the same boosts as dafu's index

/** FTS5 tables over the sections, in their own database file. */
export class FtsPeer {
  private readonly db: SQLite.Database;
  private readonly texts = new Map<number, { text: string; reply: ReplySummary }>();

  constructor(file: string) {
    this.db = new SQLite(file);
    this.db.pragma("journal_mode = WAL");
    this.db.exec(`
      drop table if exists fts_bigram; drop table if exists fts_trigram;
      create virtual table fts_bigram using fts5(title, text, meta, tokenize = "unicode61 tokenchars '.%'");
      create virtual table fts_trigram using fts5(title, text, meta, tokenize = 'trigram');`);
  }

  /** Indexes every section in both tables; returns milliseconds. */
  build(sections: Iterable<PeerSection>): number {
    const started = performance.now();
    const bigram = this.db.prepare(
      "insert into fts_bigram(rowid, title, text, meta) values (?, ?, ?, ?)",
    );
    const trigram = this.db.prepare(
      "insert into fts_trigram(rowid, title, text, meta) values (?, ?, ?, ?)",
    );
    const insertAll = this.db.transaction((all: Iterable<PeerSection>) => {
      for (const s of all) {
        const meta = replyMetaText(s.reply);
        bigram.run(
          s.id,
          tokenize(s.title).join(" "),
          tokenize(s.text).join(" "),
          tokenize(meta).join(" "),
        );
        trigram.run(
          s.id,
          normalizeForSearch(s.title),
          normalizeForSearch(s.text),
          normalizeForSearch(meta),
        );
        this.texts.set(s.id, { text: s.text, reply: s.reply });
      }
    });
    insertAll(sections);
    this.db.exec(
      "insert into fts_bigram(fts_bigram) values('optimize'); insert into fts_trigram(fts_trigram) values('optimize');",
    );
    return performance.now() - started;
  }

  /** Ranked section ids for a question. */
  search(kind: PeerKind, question: string, limit = 24): number[] {
    const match = kind === "bigram" ? bigramQuery(question) : trigramQuery(question);
    if (!match) return [];
    const table = kind === "bigram" ? "fts_bigram" : "fts_trigram";
    const rows = this.db
      .prepare(
        `select rowid as id from ${table} where ${table} match ? order by bm25(${table}, ${WEIGHTS}) limit ?`,
      )
      .all(match, limit) as { id: number }[];
    return rows.map((r) => r.id);
  }

  /** The peer's answer: its top sections with dafu's excerpt selection (so only the ranking differs). */
  answer(
    kind: PeerKind,
    question: string,
    weight: (term: string) => number,
  ): { docNumber: string | null; excerpt: string }[] {
    const terms = analyzeQuestion(question).terms;
    return this.search(kind, question, 3).flatMap((id) => {
      const hit = this.texts.get(id);
      if (!hit) return [];
      return [
        {
          docNumber: hit.reply.docNumber,
          excerpt: selectExcerpt(hit.text, terms, { weight }).text,
        },
      ];
    });
  }

  close(): void {
    this.db.close();
  }
}

const quote = (t: string) => `"${t.replace(/"/g, '""')}"`;

/** OR of the question's bigram tokens (question words removed, as dafu does). */
function bigramQuery(question: string): string | null {
  const { terms } = analyzeQuestion(question);
  const tokens = terms.length > 0 ? terms : tokenize(question);
  return tokens.length > 0 ? tokens.map(quote).join(" OR ") : null;
}

/** OR of every three-character piece of the question's content (the trigram tokenizer needs three). */
function trigramQuery(question: string): string | null {
  const grams = new Set<string>();
  for (const run of contentText(question).split(/[\s\p{P}]+/u)) {
    const chars = [...run];
    for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars.slice(i, i + 3).join(""));
  }
  return grams.size > 0 ? [...grams].map(quote).join(" OR ") : null;
}
