import { readFileSync, statSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { parseReplyFile, REPLY_FILE_EXTENSIONS } from "../documents/parse-reply-file.ts";
import type { ReplyDocument } from "../documents/reply.ts";
import { AppError } from "../errors.ts";

/**
 * Reply files on disk: which files a folder holds, how they are named in
 * logs and reports, and reading one into a parsed reply.
 */

/**
 * Reads and parses one reply file; throws an AppError saying why it cannot be
 * a reply. `bytes`: the file's content when the caller has read it already.
 */
export function readReplyFile(file: string, maxBytes: number, bytes?: Uint8Array): ReplyDocument {
  if (!isReplyFile(file)) {
    throw new AppError(
      "FILE_UNREADABLE",
      `不支持的文件类型（只读取 ${REPLY_FILE_EXTENSIONS.join(" ")}）`,
    );
  }
  const size = bytes?.length ?? statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  if (size > maxBytes) {
    throw new AppError(
      "FILE_TOO_LARGE",
      `文件过大（${megabytes(size)} MB，上限 ${megabytes(maxBytes)} MB），未入库`,
    );
  }
  return parseReplyFile(path.basename(file), bytes ?? readBytes(file));
}

function readBytes(file: string): Buffer {
  try {
    // A reply is a few kilobytes: a synchronous read is cheaper than a trip through the thread pool.
    return readFileSync(file);
  } catch (error) {
    throw new AppError("FILE_UNREADABLE", "无法读取文件", { cause: error });
  }
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "");
}

/** A file of a type the ingest reads (.md, .txt, .html…), by its extension. */
export function isReplyFile(file: string): boolean {
  return (REPLY_FILE_EXTENSIONS as readonly string[]).includes(path.extname(file).toLowerCase());
}

/** The files named or found (recursively) under the inputs, the inputs that do not exist, and each file's source. */
export async function expandInputs(
  inputs: readonly string[],
): Promise<{ files: string[]; missing: string[]; sources: Map<string, string> }> {
  const files: string[] = [];
  const missing: string[] = [];
  // Each file's source: its path relative to the folder given, or its name when given itself.
  const sources = new Map<string, string>();
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (!info) missing.push(input);
    else if (info.isDirectory()) {
      for (const file of await listReplyFiles(input)) {
        files.push(file);
        sources.set(file, path.relative(input, file).split(path.sep).join("/"));
      }
    } else files.push(input);
  }
  return { files, missing, sources };
}

/** Reply files under a folder, recursively, sorted by path; hidden entries are skipped. */
export async function listReplyFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listReplyFiles(full)));
    else if (isReplyFile(full)) out.push(full);
  }
  return out;
}

/** Paths under the working directory are shown relative, so logs carry no machine paths. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), path.resolve(file));
  return relative.startsWith("..") || path.isAbsolute(relative) ? path.resolve(file) : relative;
}
