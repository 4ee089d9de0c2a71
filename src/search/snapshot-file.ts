import { closeSync, existsSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import type { IndexSnapshot } from "./section-index.ts";

/**
 * The search index on disk: a JSON header, then the packed arrays, each
 * 8-byte aligned so they are read back as typed-array views of the file's
 * bytes: loading parses no postings and tokenises nothing.
 */

const MAGIC = Buffer.from("DAFUIDX2");
const ALIGN = 8;

/** The corpus a snapshot holds: two databases, or two states of one, differ in at least one of these. */
export interface CorpusFingerprint {
  /** Number of replies. */
  readonly replies: number;
  /** The corpus version (+1 per added or revised reply). */
  readonly version: number;
  /** A hash of every reply's id, revision and content hash. */
  readonly checksum: string;
}

/** What a snapshot was built from; a snapshot is used only when every part matches. */
export interface SnapshotStamp {
  readonly format: number;
  /** A hash of every input that shapes the index besides the replies: tokenizer, fields, metadata text. */
  readonly recipe: string;
  /** The random identity of the database the replies came from. */
  readonly databaseId: string;
  readonly corpus: CorpusFingerprint;
}

/** True when two stamps describe the same index. */
export function sameStamp(a: SnapshotStamp, b: SnapshotStamp): boolean {
  return (
    a.format === b.format &&
    a.recipe === b.recipe &&
    a.databaseId === b.databaseId &&
    a.corpus?.replies === b.corpus.replies &&
    a.corpus?.version === b.corpus.version &&
    a.corpus?.checksum === b.corpus.checksum
  );
}

interface Header extends SnapshotStamp {
  readonly fields: number;
  readonly averageFieldLength: number[];
  readonly nextId: number;
  /** Name → [byte offset from the start of the data, element count]. */
  readonly arrays: Record<ArrayName, [number, number]>;
}

type ArrayName =
  | "terms"
  | "termStarts"
  | "postingStarts"
  | "ids"
  | "freqs"
  | "shortIds"
  | "docIds"
  | "fieldLengths";

/** Writes a snapshot atomically (temp file, then rename); returns its size in bytes. */
export function writeSnapshotFile(
  file: string,
  snapshot: IndexSnapshot,
  stamp: SnapshotStamp,
): number {
  const { base, documents } = snapshot;
  const parts: [ArrayName, Uint8Array, number][] = [
    ["terms", Buffer.from(base.terms, "utf16le"), base.terms.length],
    ["termStarts", bytes(base.termStarts), base.termStarts.length],
    ["postingStarts", bytes(base.postingStarts), base.postingStarts.length],
    ["ids", bytes(base.ids), base.ids.length],
    ["freqs", bytes(base.freqs), base.freqs.length],
    ["shortIds", bytes(documents.shortIds), documents.shortIds.length],
    ["docIds", bytes(documents.ids), documents.ids.length],
    ["fieldLengths", bytes(documents.fieldLengths), documents.fieldLengths.length],
  ];
  const arrays = {} as Record<ArrayName, [number, number]>;
  let offset = 0;
  for (const [name, data, count] of parts) {
    arrays[name] = [offset, count];
    offset += pad(data.byteLength);
  }
  const header: Header = {
    format: stamp.format,
    recipe: stamp.recipe,
    databaseId: stamp.databaseId,
    corpus: stamp.corpus,
    fields: base.fields,
    averageFieldLength: [...documents.averageFieldLength],
    nextId: documents.nextId,
    arrays,
  };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(pad(MAGIC.length + 4 + headerBytes.length));
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(prefix, MAGIC.length + 4);
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, "w");
  try {
    writeSync(fd, prefix);
    for (const [, data] of parts) {
      writeSync(fd, data);
      const gap = pad(data.byteLength) - data.byteLength;
      if (gap > 0) writeSync(fd, Buffer.alloc(gap));
    }
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  return prefix.length + offset;
}

/** Reads a snapshot if it exists and carries `stamp`; null when missing, stale or damaged. */
export function readSnapshotFile(file: string, stamp: SnapshotStamp): IndexSnapshot | null {
  if (!existsSync(file)) return null;
  try {
    let buffer = readFileSync(file);
    if (buffer.byteOffset % ALIGN !== 0) buffer = Buffer.from(buffer); // views need aligned memory
    if (!buffer.subarray(0, MAGIC.length).equals(MAGIC)) return null;
    const headerLength = buffer.readUInt32LE(MAGIC.length);
    const header = JSON.parse(
      buffer.toString("utf8", MAGIC.length + 4, MAGIC.length + 4 + headerLength),
    ) as Header;
    // A snapshot of another database, of an older state or built another way is never used.
    if (!sameStamp(header, stamp)) return null;
    const data = pad(MAGIC.length + 4 + headerLength);
    const view = <T>(
      name: ArrayName,
      make: (b: ArrayBuffer, offset: number, count: number) => T,
    ): T => {
      const [offset, count] = header.arrays[name];
      return make(buffer.buffer as ArrayBuffer, buffer.byteOffset + data + offset, count);
    };
    const u32 = (b: ArrayBuffer, o: number, n: number) => new Uint32Array(b, o, n);
    const [termsOffset, termsCount] = header.arrays.terms;
    return {
      base: {
        fields: header.fields,
        terms: buffer.toString("utf16le", data + termsOffset, data + termsOffset + termsCount * 2),
        termStarts: view("termStarts", u32),
        postingStarts: view("postingStarts", u32),
        ids: view("ids", u32),
        freqs: view("freqs", (b, o, n) => new Uint16Array(b, o, n)),
      },
      documents: {
        shortIds: view("shortIds", u32),
        ids: view("docIds", u32),
        fieldLengths: view("fieldLengths", u32),
        averageFieldLength: header.averageFieldLength,
        nextId: header.nextId,
      },
    };
  } catch {
    return null;
  }
}

function bytes(array: Uint32Array | Uint16Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

function pad(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}
