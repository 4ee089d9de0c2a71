import type { Generated, Insertable, Selectable } from "kysely";

/**
 * Table types for kysely. Column names are snake_case; JSON columns hold
 * arrays or objects as text.
 */

/** One reply, identified by `reply_key` (its 文号, else session + proposal number). */
export interface ReplyTable {
  id: Generated<number>;
  reply_key: string;
  doc_number: string | null;
  /** Normalised 文号 prefix, year and serial for lookup. */
  doc_prefix_key: string | null;
  doc_year: number | null;
  doc_serial: number | null;
  /** 文号 serial with its sub-number, as compared (`41`, `18-5`). */
  doc_serial_key: string | null;
  issuer: string | null;
  reply_kind: string;
  proposal_kind: string | null;
  session: string | null;
  session_body: string | null;
  session_level: string | null;
  session_term: number | null;
  session_meeting: number | null;
  proposal_number: string | null;
  /** Integer form of an all-digit proposal number (legacy; see `proposal_key`). */
  proposal_no: number | null;
  /** Comparable proposal number (`36`, `丽15`, `A78`): what lookups match. */
  proposal_key: string | null;
  /** JSON array of names. */
  proposers: string;
  recipient: string | null;
  proposal_title: string | null;
  signed_on: string | null;
  result: string | null;
  disclosure: string | null;
  /** JSON object or null. */
  contact: string | null;
  /** JSON array. */
  cc: string;
  /** Administrative division at the session's level (通山县, 全国). */
  place: string | null;
  /** JSON array of every signing body, or null (rows from before the column). */
  issuers: string | null;
  result_category: string | null;
  result_label: string | null;
  /** signature | metadata | published */
  date_source: string | null;
  title: string | null;
  appended_proposal: string | null;
  /** Where the reply came from: a path relative to the ingested folder, or a page address. */
  source_file: string;
  content_hash: string;
  revision: number;
  /** Corpus version at which this reply was last added or revised. */
  version: Generated<number>;
  ingested_at: string;
  updated_at: string;
}

/** A section of a reply body, in document order. */
export interface ReplySectionTable {
  id: Generated<number>;
  reply_id: number;
  position: number;
  title: string;
  kind: string;
  body: string;
  /** JSON array of {title, offset}. */
  subsections: string;
}

/** Every file seen by ingestion and what came of it. */
export interface IngestLogTable {
  id: Generated<number>;
  file: string;
  content_hash: string | null;
  reply_key: string | null;
  outcome: string;
  error_code: string | null;
  message: string | null;
  at: string;
}

/** Small key/value state, e.g. the corpus version the search snapshot was built from. */
export interface MetaTable {
  key: string;
  value: string;
}

/** The whole database as kysely sees it. */
export interface DatabaseSchema {
  reply: ReplyTable;
  reply_section: ReplySectionTable;
  ingest_log: IngestLogTable;
  meta: MetaTable;
}

export type ReplyRow = Selectable<ReplyTable>;
export type NewReplyRow = Insertable<ReplyTable>;
export type ReplySectionRow = Selectable<ReplySectionTable>;
