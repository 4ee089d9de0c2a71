import * as OpenCC from "opencc-js/t2cn";

/**
 * Character-level helpers for Chinese text shared by the parser, lookup and
 * the search tokenizer.
 */

type Convert = (text: string) => string;
let traditionalToSimplified: Convert | undefined;

/** Converts traditional characters and phrases to simplified (OpenCC t→cn); other text is unchanged. */
export function toSimplified(text: string): string {
  return simplifier()(text);
}

/** Builds the OpenCC converter on first use (its dictionary takes ~25 ms to load). */
function simplifier(): Convert {
  if (traditionalToSimplified === undefined) {
    traditionalToSimplified = OpenCC.Converter({ from: "t", to: "cn" }) as Convert;
  }
  return traditionalToSimplified;
}

/** Full-width ASCII digits and letters (０-９, Ａ-Ｚ, ａ-ｚ) to their ASCII forms. */
export function halfWidthAlnum(text: string): string {
  return text.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) =>
    String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/** True when `text` contains at least one Han character. */
export function hasHan(text: string): boolean {
  return /\p{Script=Han}/u.test(text);
}

/**
 * Removes whitespace that typesetting or conversion put next to Chinese text
 * (`第 0608 号` → `第0608号`, `李 畅` → `李畅`) and collapses the rest, so
 * `MBA/MPA` and `Hello world` keep their single spaces.
 */
export function tightenSpacing(line: string): string {
  return line
    .replace(/[\s\u00a0\u3000]+/g, " ")
    .trim()
    .replace(
      / (?=[\p{Script=Han}\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2026\u2014])/gu,
      "",
    )
    .replace(
      /(?<=[\p{Script=Han}\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2026\u2014]) /gu,
      "",
    );
}
