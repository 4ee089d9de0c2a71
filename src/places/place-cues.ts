/**
 * What a reply tells about where it belongs. The parser fills these from the
 * passes that found them; {@link resolvePlace} (place-resolver.ts) turns them
 * into the administrative division at the session's level.
 */
export interface PlaceCues {
  /** Normalised session text, e.g. 县十八届人大三次会议, 十四届全国人大一次会议; null when none. */
  readonly session: string | null;
  /** Every body that signs, in order (第一个 is the issuer). */
  readonly issuers: readonly string[];
  /** The metadata block's 发布机构, or the page's site name. */
  readonly publisher: string | null;
  /** The letterhead line above the 文号, if any. */
  readonly letterhead: string | null;
  /** The document title and the page title. */
  readonly titles: readonly string[];
  /** The opening of the body (first few hundred characters), which may name the place. */
  readonly opening: string;
  /**
   * Other lines that may name the place, weakest of all: 抄送 lines, the
   * contact address, the page's title or site name. Optional; they only ever
   * settle between places the stronger cues leave open.
   */
  readonly others?: readonly string[];
}
