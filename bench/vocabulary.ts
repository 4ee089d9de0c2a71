import type { Random } from "./random.ts";

/** Bodies that answer proposals, by level: [name, 文号 code]. */
export const LOCAL_BODIES = [
  ["交通运输局", "交"],
  ["教育局", "教"],
  ["卫生健康局", "卫健"],
  ["住房和城乡建设局", "住建"],
  ["农业农村局", "农"],
  ["水利局", "水"],
  ["民政局", "民"],
  ["人力资源和社会保障局", "人社"],
  ["市场监督管理局", "市监"],
  ["文化广电旅游局", "文旅"],
  ["生态环境局", "环"],
  ["科学技术局", "科"],
  ["自然资源和规划局", "自然资源"],
  ["商务局", "商"],
  ["发展和改革局", "发改"],
  ["人民政府", "府"],
] as const;

export const PROVINCIAL_BODIES = [
  ["交通运输厅", "交"],
  ["教育厅", "教"],
  ["卫生健康委员会", "卫健"],
  ["住房和城乡建设厅", "建"],
  ["农业农村厅", "农"],
  ["水利厅", "水"],
  ["民政厅", "民"],
  ["人力资源和社会保障厅", "人社"],
  ["市场监督管理局", "市监"],
  ["文化和旅游厅", "文旅"],
  ["生态环境厅", "环"],
  ["科学技术厅", "科"],
  ["商务厅", "商"],
  ["发展和改革委员会", "发改"],
] as const;

export const NATIONAL_BODIES = [
  ["交通运输部", "交运"],
  ["教育部", "教"],
  ["国家卫生健康委员会", "国卫"],
  ["住房和城乡建设部", "建"],
  ["农业农村部", "农"],
  ["水利部", "水"],
  ["民政部", "民"],
  ["人力资源社会保障部", "人社"],
  ["国家市场监督管理总局", "市监"],
  ["文化和旅游部", "文旅"],
  ["生态环境部", "环"],
  ["科学技术部", "国科"],
  ["商务部", "商"],
  ["国家发展和改革委员会", "发改"],
] as const;

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN =
  "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国峰晨宇浩然欣怡子涵梓轩雨婷俊杰思远志强晓东文博嘉琪佳慧振宁海燕春梅";

/** A person's name: surname + one or two given characters. */
export function personName(rng: Random): string {
  const given = rng.pick([...GIVEN]) + (rng.chance(0.7) ? rng.pick([...GIVEN]) : "");
  return rng.pick([...SURNAMES]) + given;
}

/**
 * A growing vocabulary of made-up words (company, programme and place names):
 * each document adds some new ones and reuses older ones with a Zipf-like
 * preference, so rare terms pile up the way they do in a real archive.
 */
export class GrowingVocabulary {
  private readonly words: string[] = [];

  constructor(
    private readonly rng: Random,
    private readonly chars: readonly string[],
  ) {}

  /** A new two-character word, mostly from the seeds' characters, sometimes from anywhere in CJK. */
  coin(): string {
    const length = 2;
    let word = "";
    for (let i = 0; i < length; i++) {
      word += this.rng.chance(0.85)
        ? this.rng.pick(this.chars)
        : String.fromCharCode(this.rng.int(0x4e00, 0x9fa5));
    }
    this.words.push(word);
    return word;
  }

  /** An existing word (recent and frequent ones more often), or a new one when there are few. */
  reuse(): string {
    if (this.words.length < 50 || this.rng.chance(0.15)) return this.coin();
    return this.words[this.words.length - 1 - this.rng.zipfIndex(this.words.length)] ?? this.coin();
  }

  get size(): number {
    return this.words.length;
  }
}

/** A latin programme name like `InnoLink` or `TOP50`. */
export function latinName(rng: Random): string {
  const parts = [
    "Inno",
    "Tech",
    "Link",
    "Hub",
    "Lab",
    "Net",
    "Bio",
    "Data",
    "Smart",
    "Open",
    "Cloud",
    "Chip",
  ];
  return rng.chance(0.3)
    ? `${rng.pick(["G", "TOP", "X", "AI"])}${rng.int(2, 99)}`
    : rng.pick(parts) + rng.pick(parts);
}
