/**
 * Removes what could drive a terminal or a renderer from document text:
 * ANSI/VT escape sequences (CSI, OSC, DCS and two-character ESC forms), C0
 * controls other than tab and newline, DEL, C1 controls and bidirectional
 * overrides. Carriage returns, form feeds and line separators become
 * newlines first, so line structure survives. One pass, linear in the text.
 */

const ESC = 0x1b;
const BEL = 0x07;
/** C1 CSI, the single-byte form of ESC [. */
const CSI_C1 = 0x9b;

/** Returns `text` with escape sequences and control characters removed (\n and \t kept). */
export function stripControlCharacters(text: string): string {
  let out = "";
  let i = 0;
  let kept = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const skip = c === ESC || c === CSI_C1 ? escapeLength(text, i) : isControl(c) ? 1 : 0;
    const newline = c === 0x0d || c === 0x0c || c === 0x0b || c === 0x2028 || c === 0x2029;
    if (skip === 0 && !newline) {
      i++;
      continue;
    }
    out += text.slice(kept, i);
    if (newline) {
      out += "\n";
      i += c === 0x0d && text.charCodeAt(i + 1) === 0x0a ? 2 : 1;
    } else {
      i += skip;
    }
    kept = i;
  }
  return kept === 0 ? text : out + text.slice(kept);
}

/** Controls other than \t and \n (and the newline-like ones handled apart), DEL, C1, bidi marks. */
function isControl(c: number): boolean {
  if (c < 0x20) return c !== 0x09 && c !== 0x0a;
  if (c >= 0x7f && c <= 0x9f) return true;
  return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

/** Length of the escape sequence starting at `at` (ESC or C1 CSI). */
function escapeLength(text: string, at: number): number {
  const first = text.charCodeAt(at);
  const next = first === CSI_C1 ? 0x5b : text.charCodeAt(at + 1);
  const start = first === CSI_C1 ? at + 1 : at + 2;
  if (next === 0x5b) return csiEnd(text, start) - at;
  // OSC ], DCS P, SOS X, PM ^, APC _: a string ended by BEL or ESC \.
  if (next === 0x5d || next === 0x50 || next === 0x58 || next === 0x5e || next === 0x5f) {
    return stringEnd(text, start) - at;
  }
  return Number.isNaN(next) ? 1 : 2;
}

/** End of a CSI sequence: parameters 0x30–0x3f, intermediates 0x20–0x2f, one final 0x40–0x7e. */
function csiEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && text.charCodeAt(i) >= 0x20 && text.charCodeAt(i) <= 0x3f) i++;
  const final = text.charCodeAt(i);
  return final >= 0x40 && final <= 0x7e ? i + 1 : i;
}

/** End of an escape string: after BEL or ESC \, or the end of the text. */
function stringEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BEL) return i + 1;
    if (c === ESC) return text.charCodeAt(i + 1) === 0x5c ? i + 2 : i;
  }
  return text.length;
}
