import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** The bundled corpus folder. */
export const CORPUS_DIR = path.resolve(import.meta.dirname, "../../index-data");

/** Reads a bundled reply whose file name starts with `prefix` (e.g. `沪科建复-2024-43`). */
export function corpusFile(prefix: string): { name: string; bytes: Buffer; text: string } {
  const name = readdirSync(CORPUS_DIR).find((f) => f.startsWith(prefix));
  if (!name) throw new Error(`no corpus file starts with ${prefix}`);
  const bytes = readFileSync(path.join(CORPUS_DIR, name));
  return { name, bytes, text: bytes.toString("utf8") };
}

/** A fresh temporary folder, removed by the returned `cleanup`. */
export function tempDir(label = "dafu-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), label));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
