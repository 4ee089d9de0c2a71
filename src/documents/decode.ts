import { DocumentError } from "../errors.ts";

/**
 * Bytes of a reply file to text. Accepts UTF-8 (with or without BOM), UTF-16
 * with BOM and GB18030/GBK, the encodings Chinese government sites publish in.
 */

const SNIFF_BYTES = 8000;

/** Decodes a reply file, or throws a {@link DocumentError} saying why it is not text. */
export function decodeReplyBytes(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new DocumentError("FILE_EMPTY", "文件为空");
  const text = decode(bytes);
  if (text.trim().length === 0) throw new DocumentError("FILE_EMPTY", "文件只有空白字符");
  if (countControlCharacters(text) / text.length > 0.01) {
    throw new DocumentError("FILE_BINARY", "文件含有大量控制字符，不是文本文件");
  }
  return text;
}

function decode(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  if (bytes.subarray(0, SNIFF_BYTES).includes(0)) {
    throw new DocumentError("FILE_BINARY", "文件含有二进制内容（NUL 字节），不是文本文件");
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Not UTF-8: try the national standard encoding before giving up.
  }
  try {
    return new TextDecoder("gb18030", { fatal: true }).decode(bytes);
  } catch {
    // Fall through: maybe UTF-8 cut off in the middle of a character.
  }
  const lenient = new TextDecoder("utf-8").decode(bytes);
  const bad = lenient.match(/\ufffd/g)?.length ?? 0;
  if (bad <= 1 && lenient.endsWith("\ufffd")) {
    throw new DocumentError("FILE_TRUNCATED", "文件在一个字符中间被截断，内容不完整");
  }
  throw new DocumentError("FILE_BINARY", "文件编码无法识别（不是 UTF-8、UTF-16 或 GB18030 文本）");
}

/** C0 controls other than tab, newline, form feed and carriage return, plus DEL. */
function countControlCharacters(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f) n++;
  }
  return n;
}
