import { tightenSpacing, toSimplified } from "../text/chinese-text.ts";

/**
 * The one tokenizer used at index and at query time.
 *
 * Chinese text has no spaces, and dictionary segmentation (Intl.Segmenter)
 * is both slow here (~10 chars/ms) and unreliable on the names and terms of
 * these replies (余|额, 杨|浦). Overlapping character bigrams find every
 * two-character word whatever the segmentation, so a run of Han characters
 * becomes its bigrams; latin words and numbers stay whole.
 */

/** Bump when tokenization changes, so persisted indexes are rebuilt. */
export const TOKENIZER_VERSION = 1;

const TOKEN =
  /(\p{Script=Han}+)|([a-z][a-z0-9]*(?:[-_][a-z0-9]+)*)|(\d+(?:\.\d+)?)([万亿千百]?)(%?)/gu;

/**
 * Normalises text for matching: NFKC (full-width → half-width), traditional →
 * simplified, lower case, markdown emphasis removed.
 */
export function normalizeForSearch(text: string): string {
  return tightenSpacing(
    toSimplified(text.normalize("NFKC"))
      .toLowerCase()
      .replace(/[*_`#]+/g, " "),
  );
}

/** Tokens of already-normalised text, in order, with repeats. */
export function tokenizeNormalized(text: string): string[] {
  const tokens: string[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const [, han, word, number, unit, percent] = m;
    if (han !== undefined) {
      for (let i = 0; i + 1 < han.length; i++) tokens.push(han.slice(i, i + 2));
    } else if (word !== undefined) {
      if (word.length > 1) tokens.push(word);
    } else if (number !== undefined) {
      tokens.push(number);
      if (unit) tokens.push(number + unit);
      if (percent) tokens.push(`${number}%`);
    }
  }
  return tokens;
}

/** Normalises and tokenizes. */
export function tokenize(text: string): string[] {
  return tokenizeNormalized(normalizeForSearch(text));
}
