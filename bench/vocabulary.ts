import type { Random } from "./random.ts";

/** Word lists the generator draws names from; the seeds' own places and bodies are left out on purpose. */
export const CITIES = [
  ["苏州", "苏"],
  ["杭州", "杭"],
  ["南京", "宁"],
  ["宁波", "甬"],
  ["合肥", "合"],
  ["无锡", "锡"],
  ["常州", "常"],
  ["嘉兴", "嘉"],
  ["绍兴", "绍"],
  ["南通", "通"],
  ["温州", "温"],
  ["芜湖", "芜"],
  ["扬州", "扬"],
  ["湖州", "湖"],
  ["金华", "金"],
  ["台州", "台"],
  ["徐州", "徐"],
  ["镇江", "镇"],
  ["泰州", "泰"],
  ["盐城", "盐"],
] as const;

export const DEPARTMENTS = [
  ["科学技术局", "科"],
  ["经济和信息化局", "经信"],
  ["教育局", "教"],
  ["发展和改革委员会", "发改"],
  ["财政局", "财"],
  ["人力资源和社会保障局", "人社"],
  ["商务局", "商"],
  ["卫生健康委员会", "卫健"],
  ["生态环境局", "环"],
  ["住房和城乡建设局", "建"],
  ["交通运输局", "交"],
  ["农业农村局", "农"],
  ["市场监督管理局", "市监"],
  ["文化广电旅游局", "文旅"],
] as const;

export const DISTRICTS = [
  "高新",
  "工业园",
  "新城",
  "滨江",
  "开发",
  "临港",
  "经开",
  "江北",
  "城东",
  "湖滨",
  "西城",
  "北湖",
];

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
