import { SYNONYM_LINES } from "./synonym-groups.ts";
import { tokenizeNormalized } from "./tokenizer.ts";

/**
 * Query-time expansion with everyday and formal equivalents (看病 / 就医):
 * the groups are in synonym-groups.ts.
 */

/** Weight of an equivalent, relative to the user's own word. */
export const EQUIVALENT_WEIGHT = 0.6;

/** Groups of equivalent words, each of two characters or more. */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = SYNONYM_LINES.trim()
  .split("\n")
  .map((line) => line.trim().split(/\s+/))
  .filter((group) => group.length > 1);

/** Word → the groups it belongs to. */
const MEMBERS = new Map<string, (readonly string[])[]>();
for (const group of SYNONYM_GROUPS)
  for (const word of group) MEMBERS.set(word, [...(MEMBERS.get(word) ?? []), group]);
/** Longest word first. */
const WORDS = [...MEMBERS.keys()].sort((a, b) => b.length - a.length);

/** A word of a question and its equivalents. */
export interface Equivalence {
  /** The word as it occurs in the question. */
  readonly word: string;
  /** Its tokens. */
  readonly terms: readonly string[];
  /** Each equivalent's tokens (only equivalents the corpus can match). */
  readonly alternatives: readonly (readonly string[])[];
  /**
   * True when the corpus never uses the word itself: its equivalents stand
   * in for it. Otherwise they only add evidence.
   */
  readonly replaces: boolean;
}

/** Words of `text` (normalised) that have equivalents, longest first (看病难, then 看病 in it). */
export function wordsWithEquivalents(text: string): string[] {
  return WORDS.filter((word) => text.includes(word));
}

/** The other words of every group `word` belongs to. */
export function equivalentsOf(word: string): string[] {
  const groups = MEMBERS.get(word) ?? [];
  return [...new Set(groups.flat())].filter((w) => w !== word);
}

/**
 * The equivalences of a question's normalised text. `known` tells whether
 * the corpus has a token: an equivalent the corpus cannot match is dropped,
 * and a word whose tokens are all known keeps its own weight.
 */
export function findEquivalences(text: string, known: (term: string) => boolean): Equivalence[] {
  const result: Equivalence[] = [];
  for (const word of wordsWithEquivalents(text)) {
    const terms = tokenizeNormalized(word);
    const alternatives = equivalentsOf(word)
      .map((w) => tokenizeNormalized(w))
      .filter((alt) => alt.length > 0 && alt.every(known));
    if (alternatives.length === 0) continue;
    result.push({ word, terms, alternatives, replaces: !terms.every(known) });
  }
  return result;
}
