import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Index } from "flexsearch";
import { analyzeQuestion } from "../src/search/query-analysis.ts";
import { replyMetaText } from "../src/search/section-index.ts";
import { tokenize } from "../src/search/tokenizer.ts";
import type { PeerSection } from "./fts-peer.ts";

/**
 * FlexSearch 0.8, the in-process full-text library a JS developer would pick,
 * over exactly the tokens dafu indexes: one `Index` whose encoder returns our
 * bigram tokens (a section's title, text and reply metadata together), queried
 * with the question's analysed terms and `suggest` on (any term may match, as
 * in dafu's OR). FlexSearch ranks by term position and match count, not BM25,
 * and has no field weights. On the dev and own sets at 200 replies this set-up
 * put the labelled reply first for 52 of 76 questions; three indexes (title,
 * text, meta) merged by its Resolver with dafu's boosts did far worse (about 10),
 * as did a Document with `merge` (12) and contextual indexing (38).
 */

/** Our tokens are already joined by spaces: FlexSearch only splits them again. */
const encode = (text: string): string[] => (text ? text.split(" ") : []);

/** The FlexSearch peer, built from the same sections as FTS5. */
export class FlexPeer {
  // `encode` and `tokenize: "strict"` make FlexSearch index whole tokens as given.
  private readonly index = new Index({ tokenize: "strict", encode, resolution: 9, cache: false });

  /** Indexes every section; returns milliseconds. */
  build(sections: Iterable<PeerSection>): number {
    const started = performance.now();
    for (const s of sections) {
      const tokens = [
        ...tokenize(s.title),
        ...tokenize(s.text),
        ...tokenize(replyMetaText(s.reply)),
      ];
      this.index.add(s.id, tokens.join(" "));
    }
    return performance.now() - started;
  }

  /** Ranked section ids for a question (the same analysed terms dafu and FTS5 bigram use). */
  search(question: string, limit = 24): number[] {
    const { terms } = analyzeQuestion(question);
    const query = (terms.length > 0 ? terms : tokenize(question)).join(" ");
    if (!query) return [];
    return this.index.search(query, { suggest: true, limit }) as number[];
  }

  /** Exports the index into `dir` (one file per key); returns the bytes written. */
  async exportTo(dir: string): Promise<number> {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    let bytes = 0;
    await this.index.export((key: string, data: string) => {
      const text = data ?? "";
      writeFileSync(path.join(dir, key), text);
      bytes += Buffer.byteLength(text);
    });
    return bytes;
  }

  /** A peer loaded from an export written by {@link exportTo}. */
  static importFrom(dir: string): FlexPeer {
    const peer = new FlexPeer();
    for (const key of readdirSync(dir))
      peer.index.import(key, readFileSync(path.join(dir, key), "utf8"));
    return peer;
  }
}
