import { createHash } from "node:crypto";
import { parseReplyFile } from "../documents/parse-reply-file.ts";
import type { ReplyDocument } from "../documents/reply.ts";
import { isAppError } from "../errors.ts";
import { hashDocument, storeReply } from "../ingest/ingest.ts";
import type { Logger } from "../logger.ts";
import type { Database } from "../storage/database.ts";
import { type PageRecord, type SourcePageTable, savePage } from "../storage/source.repository.ts";
import { type FetchSettings, fetchPage, type Validators } from "./page-fetcher.ts";

/**
 * One item page of a column: fetched (conditionally when seen before),
 * parsed, and stored through `storeReply` when it is a reply whose content
 * is new or changed. What it turned out to be is remembered.
 */

/** What happened to one page in a round. */
export type PageOutcome =
  | "added"
  | "revised"
  | "unchanged"
  | "not-modified"
  | "not-reply"
  | "skipped"
  | "failed"
  | "rested";

/** A page that is not a reply and cannot be asked conditionally is fetched again after this long: a day. */
export const NOT_REPLY_RECHECK_MS = 24 * 3600 * 1000;

/** Decoding failures: the page is not text dafu can read (skipped, not "not a reply"). */
const UNDECODABLE = new Set(["FILE_BINARY", "FILE_TRUNCATED", "FILE_EMPTY", "FILE_UNREADABLE"]);

/** What {@link checkPage} needs. */
export interface PageContextDeps {
  readonly db: Database;
  readonly fetch: FetchSettings;
  readonly log: Logger;
  readonly sourceId: number;
  readonly now: () => number;
  /** Passed to `storeReply` for the alerts it enqueues. */
  readonly timeZone?: string;
  /** Passed to `storeReply`: gather window of instant alerts. */
  readonly gatherMs?: number;
}

/** Checks one item page and returns what happened. */
export async function checkPage(
  deps: PageContextDeps,
  address: string,
  known: SourcePageTable | undefined,
): Promise<PageOutcome> {
  const now = deps.now();
  const remembered = known && known.kind !== "failed" && known.kind !== "listing" ? known : null;
  if (remembered && remembered.kind !== "reply" && !hasValidators(remembered)) {
    if ((remembered.last_fetched_at ?? 0) > now - NOT_REPLY_RECHECK_MS) return "rested";
  }
  const result = await fetchPage(address, remembered && validatorsOf(remembered), deps.fetch);
  const base: PageRecord = {
    ...(known ?? emptyRecord(address, deps.sourceId)),
    source_id: deps.sourceId,
    last_fetched_at: now,
  };
  if (result.kind === "not-modified") {
    const validators = refreshed(remembered, result.validators);
    await save(deps, { ...base, ...record(validators), last_status: "304" });
    return "not-modified";
  }
  if (result.kind === "failed" || result.kind === "skipped") {
    await saveUnread(deps, { ...base, kind: remembered?.kind ?? "failed" }, result);
    return result.kind;
  }
  const fetched = { ...base, ...record(result.validators), last_status: "200" };
  const bodyHash = createHash("sha256").update(result.bytes).digest("hex");
  if (remembered && remembered.body_hash === bodyHash) {
    await save(deps, fetched);
    return remembered.kind === "reply" ? "unchanged" : "not-reply";
  }
  return ingestBody(deps, address, result.bytes, { ...fetched, body_hash: bodyHash });
}

/**
 * Remembers a page that could not be read. A skipped page, and one the site
 * says is not there (404, 410) that never was a reply, rest a day like a
 * page that is not a reply; other failures (a timeout, a 500) are tried
 * again next round.
 */
async function saveUnread(
  deps: PageContextDeps,
  page: PageRecord,
  result: { readonly kind: "failed" | "skipped"; readonly reason: string },
): Promise<void> {
  deps.log.warn(`source page ${result.kind}`, { address: page.address, reason: result.reason });
  const gone = /^HTTP (404|410)$/.test(result.reason) && page.kind !== "reply";
  if (result.kind === "skipped" || gone) {
    // No validators: the page rests {@link NOT_REPLY_RECHECK_MS}, then is fetched in full.
    const rest = { kind: "skipped", etag: null, last_modified: null };
    await save(deps, { ...page, ...rest, last_status: result.reason });
  } else {
    await save(deps, { ...page, last_status: result.reason });
  }
}

async function ingestBody(
  deps: PageContextDeps,
  address: string,
  bytes: Uint8Array,
  page: PageRecord,
): Promise<PageOutcome> {
  let doc: ReplyDocument;
  try {
    doc = parseReplyFile(pageFileName(address), bytes);
  } catch (error) {
    const code = isAppError(error) ? error.code : "NOT_A_REPLY";
    if (UNDECODABLE.has(code)) {
      deps.log.warn("source page skipped", { address, reason: `undecodable (${code})` });
      await save(deps, { ...page, kind: "skipped", last_status: `undecodable (${code})` });
      return "skipped";
    }
    deps.log.debug("source page is not a reply", { address, code });
    await save(deps, { ...page, kind: "not_reply", doc_hash: null, reply_key: null });
    return "not-reply";
  }
  const docHash = hashDocument(doc);
  if (page.kind === "reply" && page.doc_hash === docHash) {
    await save(deps, page);
    return "unchanged";
  }
  const from = {
    shown: address,
    source: address,
    timeZone: deps.timeZone,
    gatherMs: deps.gatherMs,
  };
  const stored = await storeReply(deps.db, doc, from, docHash);
  if (stored.outcome === "failed") {
    deps.log.warn("source page not stored", { address, reason: stored.message });
    // Body hash forgotten: the page is read and stored again next round.
    await save(deps, { ...page, body_hash: null, last_status: `not stored: ${stored.errorCode}` });
    return "failed";
  }
  const key = stored.replyKey ?? null;
  await save(deps, { ...page, kind: "reply", doc_hash: docHash, reply_key: key });
  if (stored.outcome !== "unchanged") {
    deps.log.info(`reply ${stored.outcome} from source`, { address, key });
  }
  return stored.outcome;
}

/** A name for the parser: HTML, whatever the address ends with. */
function pageFileName(address: string): string {
  const last = new URL(address).pathname.split("/").pop() || "index";
  return /\.html?$/i.test(last) ? last : `${last}.html`;
}

function hasValidators(page: SourcePageTable): boolean {
  return Boolean(page.etag || page.last_modified);
}

function validatorsOf(page: SourcePageTable): Validators {
  return { etag: page.etag, lastModified: page.last_modified };
}

/**
 * The validators to keep after a 304: those it repeats, else the stored ones.
 * Many servers send a bare 304; forgetting the stored Last-Modified then
 * made every other round fetch the page in full.
 */
function refreshed(page: SourcePageTable | null, fresh: Validators): Validators {
  return {
    etag: fresh.etag ?? page?.etag ?? null,
    lastModified: fresh.lastModified ?? page?.last_modified ?? null,
  };
}

function record(v: Validators): Pick<PageRecord, "etag" | "last_modified"> {
  return { etag: v.etag, last_modified: v.lastModified };
}

/** A page row before anything is known about it. */
export function emptyRecord(address: string, sourceId: number): PageRecord {
  return {
    address,
    source_id: sourceId,
    kind: "failed",
    etag: null,
    last_modified: null,
    body_hash: null,
    doc_hash: null,
    reply_key: null,
    links: null,
    last_fetched_at: null,
    last_status: null,
  };
}

async function save(deps: PageContextDeps, page: PageRecord): Promise<void> {
  const { id: _id, ...row } = page as PageRecord & { id?: number };
  await savePage(deps.db, row);
}
