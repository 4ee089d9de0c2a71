import { decodeReplyBytes } from "../documents/decode.ts";
import { describeError } from "../errors.ts";
import { knownPages, type PageRecord, savePage } from "../storage/source.repository.ts";
import { type ListingLinks, readListing } from "./listing-links.ts";
import { fetchPage } from "./page-fetcher.ts";
import { checkPage, emptyRecord, type PageContextDeps, type PageOutcome } from "./page-ingest.ts";

/**
 * One poll round of one source: its listing pages (and next pages, up to a
 * bound) are read for item links, then each item page is checked in listing
 * order, one at a time.
 */

/** Counts of one round, by page outcome, plus what the listing gave. */
export interface RoundReport {
  readonly address: string;
  /** "failed": the listing could not be read; "busy": another poller holds it; "resting": not due or backed off. */
  readonly status: "polled" | "failed" | "busy" | "resting";
  readonly listingPages: number;
  readonly pages: Readonly<Partial<Record<PageOutcome, number>>>;
  readonly error?: string;
}

/** What {@link pollSourceOnce} needs besides the page dependencies. */
export interface RoundDeps extends PageContextDeps {
  readonly maxListingPages: number;
  /** Pages already checked in this pass (by another source of the same poller): not fetched again. */
  readonly checked: Set<string>;
  /** Called now and then during the round; keeps the claim alive. False: the claim was lost, stop. */
  readonly keepAlive: () => Promise<boolean>;
}

/** Reads the listing and checks every item page; a listing that cannot be read fails the round. */
export async function pollSourceOnce(deps: RoundDeps, address: string): Promise<RoundReport> {
  const pages: Partial<Record<PageOutcome, number>> = {};
  const listing = await readListings(deps, address);
  if ("error" in listing) {
    return { address, status: "failed", listingPages: 0, pages, error: listing.error };
  }
  if (listing.items.length === 0) {
    // Often a column drawn by a script, or an address that is not a listing: the operator should know.
    deps.log.warn("source listing has no item links", { address, listingPages: listing.count });
  }
  const known = await knownPages(deps.db, listing.items);
  for (const item of listing.items) {
    if (deps.checked.has(item)) continue;
    deps.checked.add(item);
    if (!(await deps.keepAlive())) break;
    const outcome = await checkPage(deps, item, known.get(item));
    pages[outcome] = (pages[outcome] ?? 0) + 1;
  }
  return { address, status: "polled", listingPages: listing.count, pages };
}

async function readListings(
  deps: RoundDeps,
  address: string,
): Promise<{ items: string[]; count: number } | { error: string }> {
  const items: string[] = [];
  const listingAddresses = new Set<string>();
  let next: string | null = address;
  while (next && listingAddresses.size < deps.maxListingPages && !listingAddresses.has(next)) {
    listingAddresses.add(next);
    const links = await readListingPage(deps, next);
    if ("error" in links) {
      // The first page is the source: it failing fails the round. A later page just ends the walk.
      if (listingAddresses.size === 1) return links;
      deps.log.warn("listing page unreadable; later pages not read", {
        address: next,
        reason: links.error,
      });
      break;
    }
    items.push(...links.pages);
    next = links.next;
  }
  const unique = [...new Set(items)].filter((a) => !listingAddresses.has(a));
  return { items: unique, count: listingAddresses.size };
}

/** One listing page, conditionally; on 304 its links are the ones remembered. */
async function readListingPage(
  deps: RoundDeps,
  address: string,
): Promise<ListingLinks | { error: string }> {
  const known = (await knownPages(deps.db, [address])).get(address);
  const remembered = known?.kind === "listing" && known.links ? known : null;
  const validators = remembered && {
    etag: remembered.etag,
    lastModified: remembered.last_modified,
  };
  const result = await fetchPage(address, validators, deps.fetch);
  const row: PageRecord = {
    ...(known ?? emptyRecord(address, deps.sourceId)),
    source_id: deps.sourceId,
    kind: "listing",
    last_fetched_at: deps.now(),
  };
  if (result.kind === "not-modified" && remembered?.links) {
    await save(deps, { ...row, last_status: "304" });
    return JSON.parse(remembered.links) as ListingLinks;
  }
  if (result.kind !== "ok") {
    const reason = result.kind === "not-modified" ? "304 for a listing never read" : result.reason;
    await save(deps, { ...row, last_status: reason, links: null });
    return { error: reason };
  }
  let links: ListingLinks;
  try {
    links = readListing(decodeReplyBytes(result.bytes), address);
  } catch (error) {
    const reason = `undecodable listing: ${describeError(error)}`;
    await save(deps, { ...row, last_status: reason, links: null });
    return { error: reason };
  }
  const validators2 = {
    etag: result.validators.etag,
    last_modified: result.validators.lastModified,
  };
  await save(deps, { ...row, ...validators2, last_status: "200", links: JSON.stringify(links) });
  return links;
}

async function save(deps: RoundDeps, page: PageRecord): Promise<void> {
  const { id: _id, ...row } = page as PageRecord & { id?: number };
  await savePage(deps.db, row);
}
