"""The corpus's words: word lists, sentence templates and the fixed pages' texts.

`sentence_bank` fills the templates' slots from the lists; every template yields many
distinct sentences, so items read differently. Nothing here may contain a term of
site_config/terms/ (absolute claims, markings, code names) or anything that looks like
personal data: the generated corpus must pass `pipeline check` without findings.
"""

from __future__ import annotations

import random

COMPANY = "澜石科技"
CITIES = ["杭州", "上海", "苏州", "宁波", "南京", "合肥", "武汉", "成都", "西安", "深圳", "广州"]
CITIES += ["青岛", "天津", "重庆", "长沙", "厦门", "无锡", "常州", "嘉兴", "绍兴"]
INDUSTRIES = ["离散制造", "化工", "钢铁", "纺织", "食品饮料", "汽车零部件", "电子装配", "水泥"]
INDUSTRIES += ["医药", "造纸", "数据中心", "商业楼宇", "物流仓储", "港口", "新能源电池"]
PRODUCTS = ["工业物联网网关", "能源管理平台", "楼宇环境传感器", "边缘计算盒", "智能电表"]
PRODUCTS += ["设备健康监测系统", "碳排放核算软件", "配电房监控终端", "空压站节能控制器"]
MODELS = ["LS-G300", "LS-G500", "LS-E200", "LS-S100", "LS-S210", "EnergyOS", "LS-M80"]
TECH = ["边缘计算", "数字孪生", "预测性维护", "时间敏感网络", "工业大数据", "机器视觉"]
TECH += ["负荷预测", "能效诊断", "设备画像", "低代码组态", "工业无线", "需求响应"]
PARTNERS = ["钱塘理工学院", "江南纺织集团", "东港化工", "华越汽车部件", "西湖能源研究院"]
PARTNERS += ["明川电子", "北辰物流", "远洋港务", "青山水泥", "绿源食品", "星河数据中心"]
METRICS = ["综合能耗", "设备停机时间", "单位产品电耗", "巡检工时", "故障响应时间", "峰时用电量"]
METRICS += ["压缩空气泄漏率", "数据采集延迟", "库存周转天数", "运维成本"]
BODIES = ["工业和信息化主管部门", "地方发展改革部门", "行业协会", "标准化技术委员会"]
BODIES += ["省级能源主管部门", "市场监管部门", "产业联盟", "研究机构"]
DOCS = ["实施指南", "管理办法", "技术规范", "行动方案", "评价导则", "指导意见", "推荐目录"]
TEAMS = ["研发中心", "交付团队", "客户服务部", "能源管理事业部", "楼宇业务部", "质量部"]
EVENTS = ["技术交流会", "用户大会", "开放日", "产品培训营", "行业研讨会", "合作伙伴大会"]
NUMBERS = ["两", "三", "四", "五", "六", "八", "十", "十二", "二十", "三十", "四十", "五十"]
PERCENTS = ["5%", "8%", "12%", "15%", "18%", "20%", "23%", "27%", "30%", "35%"]
MONTHS = [f"{m}月" for m in range(1, 13)]
QUARTERS = ["一季度", "二季度", "三季度", "四季度", "上半年", "下半年", "前三季度"]

# {slot} names a word list above; every template yields many distinct sentences
TEMPLATES = [
    "{company}在{city}举办{event}，来自{industry}行业的{number}十余家企业代表参加了交流。",
    "{month}，{company}与{partner}签署合作协议，双方将在{tech}方向开展联合研究。",
    "{product}已在{industry}企业完成部署，帮助客户把{metric}降低了约{percent}。",
    "据{body}介绍，{doc}重点关注{tech}在{industry}领域的推广应用。",
    "{quarter}，{industry}行业对{product}的需求保持增长，{city}地区的项目数量明显增加。",
    "{team}的工程师驻场{number}周，逐台梳理设备台账，并完成了{product}的安装调试。",
    "新版{model}支持更多工业协议，现场实施时间比上一版本缩短了{percent}。",
    "{body}发布的{doc}提出，到{year}年要进一步提升{industry}企业的{tech}水平。",
    "项目上线后，客户可以在同一个看板上查看{metric}、设备状态和告警记录。",
    "{partner}表示，引入{tech}之后，{metric}的统计口径更加统一，管理更加透明。",
    "{company}{team}将继续跟踪{industry}客户的使用情况，定期发布改进版本。",
    "业内人士认为，{tech}与{tech2}结合，能够让{industry}工厂更快发现用能异常。",
    "在{city}的试点中，{model}连续运行{number}个月，数据采集完整率保持稳定。",
    "{doc}明确了{metric}的计算方法，便于企业之间横向对比。",
    "围绕{tech}，{company}今年计划再推出{number}项软件功能，覆盖更多应用场景。",
    "{quarter}{city}地区{industry}企业的用能成本有所上升，节能改造意愿随之增强。",
    "{body}组织专家对{number}十个{tech}案例进行了评审，并向社会公开征求意见。",
    "客户反馈，{product}的安装过程不影响正常生产，改造可以利用检修窗口完成。",
    "{partner}的生产车间接入{model}后，{metric}实现按班组、按设备统计。",
    "{company}{team}为{partner}编写了运维手册，并组织了{number}场现场培训。",
    "市场调研显示，{industry}企业在{tech}上的投入占信息化预算的比重约为{percent}。",
    "{month}，{company}志愿者走进{city}社区，为居民讲解安全用电和节能常识。",
    "{event}上，{team}负责人介绍了{product}在{industry}场景中的典型做法。",
    "根据{doc}，新建项目应同步规划{tech}相关的数据接口和安全措施。",
    "{year}年以来，{city}已有{number}十多家{industry}企业完成能源在线监测改造。",
    "{model}通过了第三方实验室的电磁兼容和高低温测试，可在恶劣环境下长期运行。",
    "{partner}计划在{quarter}把{product}推广到其他{number}个生产基地。",
    "专家建议，{industry}企业推进{tech}时应先从{metric}等基础数据做起。",
    "{company}与{partner}的联合团队完成了{tech}样机验证，相关成果将在{event}上展示。",
    "行业数据显示，{quarter}{product}出货量同比增长约{percent}。",
]
SLOTS = {
    "company": [COMPANY, "公司", "澜石智能"],
    "city": CITIES,
    "industry": INDUSTRIES,
    "product": PRODUCTS,
    "model": MODELS,
    "tech": TECH,
    "tech2": TECH,
    "partner": PARTNERS,
    "metric": METRICS,
    "body": BODIES,
    "doc": DOCS,
    "team": TEAMS,
    "event": EVENTS,
    "number": NUMBERS,
    "percent": PERCENTS,
    "month": MONTHS,
    "quarter": QUARTERS,
    "year": ["2024", "2025", "2026", "2027", "2028", "2030"],
}
HEADINGS = ["项目背景", "主要内容", "实施过程", "应用效果", "技术要点", "市场概况", "政策要点"]
HEADINGS += ["下一步计划", "客户反馈", "行业观察", "数据分析", "专家观点", "合作内容", "活动回顾"]
HEADINGS += ["产品特点", "典型案例", "发展趋势", "标准解读", "现场情况", "经验总结"]
SUBHEADINGS = ["硬件部分", "软件部分", "运维服务", "安全措施", "人员培训", "数据接入", "能耗统计"]
TITLES = {
    "公司动态": [
        "{company}召开{quarter}{industry}业务经营分析会",
        "{team}赴{city}开展{product}客户回访",
    ],
    "产品发布": ["{company}发布{model}新版本支持{tech}", "{product}新增{tech}功能模块"],
    "荣誉资质": [
        "{model}{product}通过{city}检测机构测试",
        "{company}{team}获评{city}{tech}创新团队",
    ],
    "合作签约": [
        "{company}与{partner}签署{tech}合作协议",
        "{company}与{partner}共建{tech}联合实验室",
    ],
    "社会责任": [
        "{company}志愿者在{city}开展{month}节能科普",
        "{team}支持{city}乡村学校{tech}课堂",
    ],
    "政策法规": ["{body}发布{industry}{tech}{doc}", "{city}出台{industry}节能改造{doc}"],
    "市场动态": ["{quarter}{city}{product}市场需求回升", "{industry}行业{tech}投入持续增加"],
    "技术趋势": ["{tech}在{city}{industry}领域加速落地", "{tech}与{tech2}融合应用观察"],
    "标准规范": ["{industry}{tech}{doc}征求意见稿公布", "{industry}企业能源计量{doc}实施"],
}
# what a title is about: keywords are taken from these (longest first) where they occur
KEYWORD_WORDS = sorted(
    {*PRODUCTS, *MODELS, *TECH, *PARTNERS, *INDUSTRIES, *CITIES, *EVENTS, *DOCS, COMPANY},
    key=len,
    reverse=True,
)
SLUG_WORDS = ["energy", "gateway", "factory", "sensor", "policy", "market", "edge", "twin"]
SLUG_WORDS += ["standard", "partner", "lab", "report", "update", "review", "campus", "grid"]
# a default cover per section for items without a picture of their own (seo/no-image)
DEFAULT_COVERS = {
    "news": "assets/images/news-default.jpg",
    "industry": "assets/images/industry.jpg",
}
ALTS = ["工厂车间里安装的网关设备", "能源管理平台的用能看板截图", "配电房内的监测终端"]
ALTS += ["合作签约仪式现场", "技术交流会的会场全景", "楼宇环境传感器的产品外观"]
ALTS += ["月度能耗变化的柱状图", "工程师在现场调试设备", "志愿者为社区居民讲解用电常识"]
TAGS = ["能源管理", "工业物联网", "边缘计算", "节能改造", "合作", "新品", "标准", "政策"]
SOURCES = ["中国工业互联网观察", "能源管理周刊", "智能制造资讯网", "楼宇科技评论"]


def fill(template: str, rng: random.Random) -> str:
    return template.format(**{slot: rng.choice(words) for slot, words in SLOTS.items()})


def sentence_bank(rng: random.Random, size: int = 900) -> list[str]:
    """``size`` distinct sentences (or as many as the templates give)."""
    bank: dict[str, None] = {}
    for _ in range(size * 20):
        bank[fill(rng.choice(TEMPLATES), rng)] = None
        if len(bank) >= size:
            break
    return list(bank)


FIXED_PAGES = {
    "index.md": (
        "澜石科技",
        "澜石智能科技有限公司官方网站，发布公司新闻与行业资讯，介绍工业物联网与能源管理产品。",
        "# 澜石智能科技\n\n欢迎访问澜石科技官方网站。\n\n了解更多：[关于我们](about.md) · "
        "[联系我们](contact.md)\n\n## 公司新闻\n\n<!-- pipeline:latest news 5 -->\n\n"
        "[更多公司新闻](news/index.md)\n\n## 行业资讯\n\n<!-- pipeline:latest industry 5 -->\n\n"
        "[更多行业资讯](industry/index.md)\n",
    ),
    "about.md": (
        "关于我们",
        "澜石科技专注工业物联网与能源管理，为制造企业和楼宇业主提供网关、软件和传感器。",
        "# 关于我们\n\n澜石智能科技有限公司总部位于杭州，服务制造业与商业楼宇客户。\n\n"
        "## 发展历程\n\n公司成立以来持续投入工业物联网和能源管理产品的研发。\n",
    ),
    "contact.md": (
        "联系我们",
        "澜石科技的联系地址与电子邮件，欢迎客户和合作伙伴来访交流。",
        "# 联系我们\n\n地址：杭州市滨江区\n\n邮箱：info@lanshi-tech.example\n",
    ),
    "news/index.md": (
        "公司新闻",
        "澜石科技的公司动态、产品发布、荣誉资质、合作签约与社会责任活动等新闻报道。",
        "# 公司新闻\n",
    ),
    "industry/index.md": (
        "行业资讯",
        "工业互联网与能源管理领域的政策法规、市场动态、技术趋势与标准规范资讯。",
        "# 行业资讯\n",
    ),
}
