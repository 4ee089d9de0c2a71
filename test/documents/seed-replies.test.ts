import { describe, expect, it } from "vitest";
import { parseReplyFile } from "../../src/documents/parse-reply-file.ts";
import { corpusFile } from "../helpers/corpus.ts";

/** Every field of every bundled reply, as a reader of the original would fill it in. */
const SEEDS = [
  {
    file: "沪科建复-2024-43",
    fields: {
      docNumber: "沪科建复〔2024〕43号",
      issuer: "上海市科学技术委员会",
      replyKind: "答复",
      proposalKind: "建议",
      session: "市十六届人大二次会议",
      proposalNumber: "0682",
      proposers: ["虹口代表团"],
      recipient: null,
      proposalTitle: "关于上海市持续增强科技创新能力的建议",
      date: "2024-06-05",
      result: "解决采纳",
      disclosure: "主动公开·全文",
      contact: { name: "李畅", phone: "23112495", address: "人民大道200号", postcode: "200003" },
      cc: ["市政府办公厅建议提案处", "市人大代表工作处"],
      resultCategory: "A",
      resultLabel: "办理结果：解决采纳",
      dateSource: "signature",
      // Every seed answers a 市 session, so its place is the municipality (even the 区 government's 会办意见).
      place: "上海市",
      issuers: ["上海市科学技术委员会"],
      title: "对市十六届人大二次会议第0682号代表建议的答复",
      appendedProposal: null,
    },
    sections: [
      "引言",
      "关于“通过数字化创新平台力破转移转化对接障碍”的建议",
      "关于“加强金融行业对产业科技支持力度”的建议",
      "关于“加强人才工作统筹”的建议",
      "下阶段工作",
    ],
  },
  {
    file: "沪科提复-2023-45",
    fields: {
      docNumber: "沪科提复〔2023〕45号",
      issuer: "上海市科学技术委员会",
      replyKind: "答复",
      proposalKind: "提案",
      session: "市政协十四届一次会议",
      proposalNumber: "0539",
      proposers: ["姜雪峰", "洪亮", "王彦"],
      recipient: null,
      proposalTitle: "关于产业与科学的桥梁机制建立的建议",
      date: "2023-05-16",
      result: null,
      disclosure: null,
      contact: null,
      cc: ["市政府办公厅建议提案处", "市政协提案办"],
      resultCategory: null,
      resultLabel: null,
      dateSource: "signature",
      // Every seed answers a 市 session, so its place is the municipality (even the 区 government's 会办意见).
      place: "上海市",
      issuers: ["上海市科学技术委员会"],
      title: "对市政协十四届一次会议第0539号提案的答复",
      appendedProposal: null,
    },
    sections: [
      "引言",
      "关于“建立对企业‘科创属性’的鼓励机制”的建议方面",
      "关于“建立对科学研究的产业转化评价机制”的建议方面",
      "关于“建立两个体系的‘翻译’科学体系”的建议方面",
      "下阶段工作",
    ],
  },
  {
    file: "沪科提复-2022-8",
    fields: {
      docNumber: "沪科提复〔2022〕8号",
      issuer: "上海市科学技术委员会",
      replyKind: "答复",
      proposalKind: "提案",
      session: "市政协十三届五次会议",
      proposalNumber: "0515",
      proposers: ["市科协"],
      recipient: null,
      proposalTitle: "关于加强小微企业与高校产学研创新合作的建议",
      date: "2022-06-06",
      result: null,
      disclosure: null,
      contact: null,
      cc: ["市政府办公厅建议提案处", "市政协提案办"],
      resultCategory: null,
      resultLabel: null,
      dateSource: "signature",
      // Every seed answers a 市 session, so its place is the municipality (even the 区 government's 会办意见).
      place: "上海市",
      issuers: ["上海市科学技术委员会"],
      title: "对市政协十三届五次会议第0515号提案的答复",
      appendedProposal: null,
    },
    sections: [
      "引言",
      "关于“加强政策的支持与宣导力度”方面",
      "关于“整合完善校企合作线上平台”方面",
      "关于“提升高校与小微企业线下对接机率”方面",
      "下阶段工作",
    ],
  },
  {
    file: "沪科提复-2024-38",
    fields: {
      docNumber: "沪科提复〔2024〕38号",
      issuer: "上海市科学技术委员会",
      replyKind: "答复",
      proposalKind: "提案",
      session: "市政协十四届二次会议",
      proposalNumber: "0608",
      proposers: ["民盟界别", "市政协科学技术界"],
      recipient: null,
      proposalTitle: "关于营造长三角‘热带雨林’式科创生态进一步深化推进科创共同体建设的几点建议",
      date: "2024-05-27",
      result: "解决采纳",
      disclosure: "主动公开·全文",
      contact: { name: "李畅", phone: "23112495", address: "人民大道200号", postcode: "200003" },
      cc: ["市政府办公厅建议提案处", "市政协提案办"],
      resultCategory: "A",
      resultLabel: "办理结果：解决采纳",
      dateSource: "signature",
      // Every seed answers a 市 session, so its place is the municipality (even the 区 government's 会办意见).
      place: "上海市",
      issuers: ["上海市科学技术委员会"],
      title: "对市政协十四届二次会议第0608号提案的答复",
      appendedProposal: null,
    },
    sections: [
      "引言",
      "1.关于“加大人才培养引进力度”的建议",
      "2.关于“完善科技成果转化机制”的建议",
      "3.关于“促进产业集群协调发展”的建议",
      "下阶段工作",
    ],
  },
  {
    file: "杨府-2023-6",
    fields: {
      docNumber: "杨府〔2023〕6号",
      issuer: "上海市杨浦区人民政府",
      replyKind: "会办意见",
      proposalKind: "建议",
      session: "市十六届人大一次会议",
      proposalNumber: "0297",
      proposers: ["季昕华"],
      recipient: "市科委",
      proposalTitle: "关于推动科技创新全链条融合发展，促进产业高质量发展的建议",
      date: "2023-03-24",
      result: "解决采纳",
      disclosure: "主动公开·全文",
      contact: {
        name: "邵宏鹰",
        phone: "65690561",
        address: "惠民路800号2号楼",
        postcode: "200082",
      },
      cc: ["市人大常委会代表工委", "市政府办公厅"],
      resultCategory: "A",
      resultLabel: "办理结果：解决采纳",
      dateSource: "signature",
      // Every seed answers a 市 session, so its place is the municipality (even the 区 government's 会办意见).
      place: "上海市",
      issuers: ["上海市杨浦区人民政府"],
      title: "上海市杨浦区人民政府关于对市十六届人大一次会议第0297号代表建议的会办意见",
      appendedProposal: null,
    },
    sections: [
      "引言",
      "一、关于完善科技协同创新组织机制",
      "二、关于在杨浦试点科技协调创新基地工程",
      "三、关于提升高校院所成果转化效能",
      "四、关于发挥企业科技创新主体作用",
      "五、关于重视中小企业科技协同创新需求",
      "六、下一步工作",
    ],
  },
] as const;

describe("parsing the bundled replies", () => {
  for (const seed of SEEDS) {
    describe(seed.file, () => {
      const { name, bytes } = corpusFile(seed.file);
      const doc = parseReplyFile(name, bytes);

      it("reads every metadata field", () => {
        const { sections: _sections, ...fields } = doc;
        expect(fields).toEqual(seed.fields);
      });

      it("splits the body into its topic sections", () => {
        expect(doc.sections.map((s) => s.title)).toEqual(seed.sections);
        expect(doc.sections[0]?.kind).toBe("opening");
        expect(doc.sections.at(-1)?.kind).toBe("closing");
        expect(doc.sections.slice(1, -1).every((s) => s.kind === "topic")).toBe(true);
      });

      it("keeps no markdown, closing formula or signature in the sections", () => {
        const text = doc.sections.map((s) => s.text).join("\n");
        expect(text).not.toMatch(/\*\*|^#|^---|感谢你们|以上意见供|联系电话|抄送/m);
        // Typesetting spaces around numbers are gone: 第 0608 号 → 第0608号.
        expect(text).not.toMatch(/[\p{Script=Han}] \d|\d [\p{Script=Han}]/u);
      });
    });
  }
});

describe("subsections", () => {
  it("lists 一是… items with their headings inside their section", () => {
    const doc = parseReplyFile("x.md", corpusFile("沪科建复-2024-43").bytes);
    const platform = doc.sections[1];
    expect(platform?.subsections.map((s) => s.title)).toEqual([
      "一是支持平台不断提升“数智化”能力",
      "二是鼓励平台搭建全球技术供需对接“节点”",
      "三是引导平台强化与大企业深度合作",
      "四是引导平台市场化配置资源实现利益共享",
    ]);
    for (const sub of platform?.subsections ?? []) {
      expect(platform?.text.slice(sub.offset, sub.offset + 2)).toBe(sub.title.slice(0, 2));
    }
  });

  it("lists （一）… items, whatever the bracket width in the source", () => {
    const doc = parseReplyFile("x.txt", corpusFile("杨府-2023-6").bytes);
    expect(doc.sections.at(-1)?.subsections.map((s) => s.title)).toEqual([
      "（一）激发高校创新溢出活力",
      "（二）打造在线新经济发展高地",
      "（三）引进培育高成长性企业",
      "（四）深化长三角协同创新发展",
    ]);
  });

  it("finds a closing plan that opens with a sentence of context", () => {
    const doc = parseReplyFile("x.md", corpusFile("沪科提复-2022-8").bytes);
    expect(doc.sections.at(-1)?.text).toMatch(/^科技型中小企业是科技创新与产业转型升级的主力军/);
  });
});
