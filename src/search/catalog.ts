import { createHash } from "node:crypto";
import type { Database } from "../storage/database.ts";
import { allReplySummaries, type ReplySummary } from "../storage/reply.repository.ts";
import { allSectionHeads, type SectionRecord } from "../storage/section.repository.ts";
import type { CorpusFingerprint } from "./snapshot-file.ts";

/** A section as the catalog keeps it: everything but the text. */
export type SectionHead = Omit<SectionRecord, "text">;

/**
 * In-memory citation data: every reply's summary and every section's head,
 * so ranking, filtering and citing need no database round trip. Section text
 * stays in SQLite and is read only for the hits shown.
 */
export class Catalog {
  readonly replies = new Map<number, ReplySummary>();
  readonly sections = new Map<number, SectionHead>();
  readonly sectionsOfReply = new Map<number, number[]>();
  /** Distinct issuers, computed on first use after a change. */
  private issuerNames: string[] | null = null;

  /** Loads every reply and section head from the database. */
  static async load(db: Database): Promise<Catalog> {
    const catalog = new Catalog();
    for (const reply of await allReplySummaries(db)) catalog.replies.set(reply.id, reply);
    for (const head of await allSectionHeads(db)) catalog.putSection(head);
    return catalog;
  }

  /** Adds replies not yet in the catalog and their section heads (e.g. sent from another thread). */
  addAll(replies: Iterable<ReplySummary>, sections: Iterable<SectionHead>): void {
    for (const reply of replies) this.replies.set(reply.id, reply);
    for (const head of sections) this.putSection(head);
    this.issuerNames = null;
  }

  /** Replaces one reply and its sections (after an add or a revision); returns the section ids it had. */
  replaceReply(reply: ReplySummary, sections: readonly SectionHead[]): number[] {
    const previous = this.sectionsOfReply.get(reply.id) ?? [];
    for (const id of previous) this.sections.delete(id);
    this.sectionsOfReply.delete(reply.id);
    this.replies.set(reply.id, reply);
    this.issuerNames = null;
    for (const head of sections) this.putSection(head);
    return previous;
  }

  /**
   * What this catalog holds, at corpus `version`: the reply count and a hash
   * of every reply's id, revision and content. Another database, or another
   * state of this one, gives another fingerprint.
   */
  fingerprint(version: number): CorpusFingerprint {
    const hash = createHash("sha256");
    const ids = [...this.replies.keys()].sort((a, b) => a - b);
    for (const id of ids) {
      const reply = this.replies.get(id);
      hash.update(`${id}:${reply?.revision}:${reply?.contentHash}\n`);
    }
    return { replies: ids.length, version, checksum: hash.digest("hex") };
  }

  /** Distinct issuer names. */
  issuers(): readonly string[] {
    this.issuerNames ??= [
      ...new Set([...this.replies.values()].map((r) => r.issuer).filter((i): i is string => !!i)),
    ];
    return this.issuerNames;
  }

  private putSection(head: SectionHead): void {
    // Heads read without their text (a whole catalog at start) are kept as they are.
    if ("text" in head) {
      const { text: _text, ...rest } = head as SectionRecord;
      this.sections.set(head.id, rest);
    } else this.sections.set(head.id, head);
    const list = this.sectionsOfReply.get(head.replyId) ?? [];
    list.push(head.id);
    this.sectionsOfReply.set(head.replyId, list);
  }
}
