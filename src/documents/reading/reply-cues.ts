import type { TextUnit } from "../text-units.ts";

/**
 * Is this a reply? Decided from the cues together: a greeting to deputies,
 * members, a group or a lead office followed by an acknowledgement, and/or a
 * title naming the answer to a 建议/提案/议案 with a body under it. When the
 * answer is no, {@link notAReplyReason} says in Chinese what the text looks
 * like instead (a news story, a handling-statistics notice, a proposal, a
 * navigation page, a README).
 */
export interface ReplyCues {
  readonly greeting: boolean;
  readonly acknowledged: boolean;
  readonly answerTitle: boolean;
  /** At least one paragraph of running text in the body. */
  readonly prose: boolean;
}

const ANSWER_TITLE =
  /(?:建议|提案|议案|意见)(?:的)?(?:答复|复函|回复|会办意见|协办意见|答复的函)|答复的函|(?:会办|协办)意见$/;

/** True when a title names the answer to a proposal. */
export function namesAnAnswer(title: string): boolean {
  return ANSWER_TITLE.test(title);
}

/** True when the body has a paragraph of running text. */
export function hasProse(units: readonly TextUnit[]): boolean {
  return units.some((u) => u.text.length >= 30 && /[，。]/.test(u.text));
}

/** The decision: any two of greeting, acknowledgement and a title naming the answer. */
export function isReply(cues: ReplyCues): boolean {
  return [cues.greeting, cues.acknowledged, cues.answerTitle].filter(Boolean).length >= 2;
}

/** Why a text that is not a reply is not one, in Chinese, naming what it looks like. */
export function notAReplyReason(units: readonly TextUnit[]): string {
  const text = units
    .slice(0, 60)
    .map((u) => u.text)
    .join("\n");
  const lines = units.length;
  const answerTitles = units.filter((u) => u.text.length <= 80 && namesAnAnswer(u.text)).length;
  if (/^#\s*README|README|^#+\s*[A-Za-z]/m.test(text) || /\.(?:jsonl|md|txt)\b/.test(text)) {
    return "这是说明文档（README），不是答复文件";
  }
  if (answerTitles >= 3 && answerTitles * 3 >= lines / 2) {
    return "这是列出多篇答复的导航或列表页面，不是某一篇答复";
  }
  if (
    /记者|本报讯|新华社|通讯员|\d日电|^\d{1,2}月\d{1,2}日[，,]|召开|举行|会上|会议强调|会议要求/m.test(
      text,
    )
  ) {
    return "这是一篇关于建议提案办理的新闻报道，不是答复";
  }
  if (
    /办结率|满意率|基本满意|共(?:承办|办理|收到|交办)[^。]{0,20}件|办理情况(?:的)?(?:通报|报告|公示|统计)/.test(
      text,
    )
  ) {
    return "这是建议提案办理情况的统计或通报，不是对某件建议或提案的答复";
  }
  if (/（?来源[：:]|据了解|获悉/.test(text)) {
    return "这是一篇关于建议提案办理的新闻报道，不是答复";
  }
  if (/案由|领衔(?:代表|人)|提案人|附议|联名(?:代表|人)|建议内容|提案内容|办理要求/.test(text)) {
    return "这是建议或提案本身的文本，不是对它的答复";
  }
  return "没有找到对代表、委员或主办单位的称呼和“收悉”“答复如下”等答复用语，也没有答复标题，不是答复文件";
}
