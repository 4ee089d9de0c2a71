import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseReplyFile } from "../src/documents/parse-reply-file.ts";
import type { ReplyDocument } from "../src/documents/reply.ts";

/** A seed reply, unchanged. */
export interface SeedFile {
  readonly name: string;
  readonly text: string;
}

/** Sentences and words of the seeds, the material generated bodies are written from. */
export interface SentencePools {
  opening: string[];
  topic: string[];
  closing: string[];
  topicTitles: string[];
  /** Seed characters, most frequent first. */
  chars: string[];
  /** The most frequent seed bigrams: the domain's shared vocabulary. */
  commonBigrams: Set<string>;
}

/** How many of the most frequent seed bigrams generated replies share. */
const SHARED_BIGRAMS = 300;

/** Reads the seeds (the bundled corpus) into sentence pools. */
export function loadSeedPools(seedsDir: string): { pools: SentencePools; seeds: SeedFile[] } {
  const pools: SentencePools = {
    opening: [],
    topic: [],
    closing: [],
    topicTitles: [],
    chars: [],
    commonBigrams: new Set(),
  };
  const bigrams = new Map<string, number>();
  const seeds: SeedFile[] = [];
  const chars = new Map<string, number>();
  for (const name of readdirSync(seedsDir).sort()) {
    const bytes = readFileSync(path.join(seedsDir, name));
    seeds.push({ name, text: bytes.toString("utf8") });
    const doc: ReplyDocument = parseReplyFile(name, bytes);
    for (const section of doc.sections) {
      const sentences = section.text
        .split(/(?<=[。；])/)
        .map((s) =>
          s.trim().replace(/^(?:（[一二三四五六七八九十]+）|[一二三四五六七八九十]+是)/, ""),
        )
        .filter(
          (s) =>
            s.length >= 12 &&
            !/^(?:你们|关于|\d+\.|[一二三四五六七八九十]+、)/.test(s) &&
            !/收悉|提出的/.test(s),
        );
      (section.kind === "opening"
        ? pools.opening
        : section.kind === "closing"
          ? pools.closing
          : pools.topic
      ).push(...sentences);
      if (section.kind === "topic") {
        const quoted = /“(.+)”/.exec(section.title)?.[1];
        pools.topicTitles.push(
          quoted ?? section.title.replace(/^[\d.一二三四五六七八九十、]*关于|的建议$|方面$/g, ""),
        );
      }
      for (const c of section.text.match(/\p{Script=Han}/gu) ?? [])
        chars.set(c, (chars.get(c) ?? 0) + 1);
      for (const run of section.text.match(/\p{Script=Han}{2,}/gu) ?? []) {
        for (let i = 0; i + 2 <= run.length; i++) {
          const bigram = run.slice(i, i + 2);
          bigrams.set(bigram, (bigrams.get(bigram) ?? 0) + 1);
        }
      }
    }
  }
  pools.chars = [...chars].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  pools.commonBigrams = new Set(
    [...bigrams]
      .sort((a, b) => b[1] - a[1])
      .slice(0, SHARED_BIGRAMS)
      .map(([b]) => b),
  );
  return { pools, seeds };
}
