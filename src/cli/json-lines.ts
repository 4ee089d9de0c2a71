import { readFileSync } from "node:fs";
import { AppError } from "../errors.ts";

/** Reads a JSON Lines file (blank lines skipped); a missing file or a bad line is a USAGE error. */
export function readJsonLines<T>(file: string): T[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new AppError("USAGE", `无法读取评测文件 ${file}`, { cause: error });
  }
  const lines = text.split("\n").filter((l) => l.trim());
  return lines.map((line, i) => {
    try {
      return JSON.parse(line) as T;
    } catch (error) {
      throw new AppError("USAGE", `${file} 第 ${i + 1} 行不是 JSON`, { cause: error });
    }
  });
}
