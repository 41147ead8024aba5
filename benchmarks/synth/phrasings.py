"""Phrasings of the prose of an annual report: several per passage, as real reports vary them.

Templates use `str.format` fields: {name} (the agency or its short name), {year}, and the figures of the
passage ({new}, {granted} …, already written as the report writes numbers: Arabic or Chinese). A passage
with a figure that a table also holds uses the table's printed value, so prose and tables agree (rule T1),
except the 受理 sentence, whose scope (新收 + 上年结转) differs from any single table row.
"""

from __future__ import annotations

BASIS = (
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发"
    "<中华人民共和国政府信息公开工作年度报告格式>的通知》（{format_doc}）要求编制。",
    "根据《中华人民共和国政府信息公开条例》第四十九条、第五十条规定，特向社会公布{year}年度政府信息公开工作年度报告。",
    "本年度报告依据《中华人民共和国政府信息公开条例》编制，由{agency}负责编写。",
    "为全面反映{year}年度政府信息公开工作情况，{agency}依据《中华人民共和国政府信息公开条例》编制本报告。",
)
SHORT_NAME = "{agency}（以下简称“{short}”）"
PERIOD = (
    "报告中所列数据统计期限自{year}年1月1日起至{year}年12月31日止。",
    "本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。",
    "报告中所列数据统计时限自{year}年1月1日始，至{year}年12月31日止。",
)
CONTACT = (
    "本报告电子版可在{site}查阅和下载。如对本报告有疑问，请与{agency}办公室联系（地址：{address}；邮编：{postcode}；电话：{phone}）。",
    "如对本报告有任何疑问，请联系{agency}政务公开办公室，联系电话：{phone}。",
    "本报告可在{site}“政府信息公开”专栏查阅。",
)

OVERVIEW_OPENING = (
    "{year}年，{name}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "持续深化政务公开，政府信息公开工作取得新进展。",
    "{year}年，在上级政务公开工作主管部门的指导下，{name}紧紧围绕中心工作，扎实推进政府信息公开，进一步提升了工作透明度。",
    "一年来，{name}严格落实政务公开各项要求，以公开促落实、促规范、促服务，政务公开工作质量稳步提升。",
    "{year}年度，{name}按照政务公开工作要点部署，聚焦群众关切，推动政府信息公开工作规范化、标准化。",
)
PROACTIVE_POSTS = (
    "全年通过{platform}主动公开政府信息{posts}条，",
    "全年在{platform}累计发布各类政府信息{posts}条，",
    "本年度通过{platform}公开信息{posts_approx}余条，",
    "全年主动公开政府信息约{posts_approx}条，主要通过{platform}发布，",
)
PROACTIVE_POSTS_TAIL = (
    "涵盖机构职能、政策文件、财政预决算、重点领域信息等内容。",
    "及时回应社会关切。",
    "重点公开了规划计划、行政执法、民生保障等信息。",
)
PROACTIVE_TABLE2 = (
    "全年作出行政许可决定{licensing}件、行政处罚决定{punishment}件。",
    "本年度办理行政许可{licensing}件，作出行政处罚决定{punishment}件、行政强制决定{coercion}件。",
    "全年共作出行政处罚决定{punishment}件。",
)
PROACTIVE_FEES = ("全年收取行政事业性收费{fees}万元，收费项目和标准均已公开。",)
PROACTIVE_HOTLINE = (
    "办理12345政务服务便民热线群众诉求{hotline}余件。",
    "受理群众来电来信约{hotline}件，均按时办结。",
)
POLICY_INTERPRETATION = (
    "围绕重要政策文件发布解读材料{interpretations}篇，",
    "制作图文、视频等多种形式的政策解读{interpretations}篇，",
)
POLICY_INTERPRETATION_TAIL = ("增强政策解读的针对性和可读性。", "帮助群众准确理解政策内容。")

APPLICATION_NONE = (
    "{year}年，{name}未收到政府信息公开申请。",
    "本年度未收到政府信息公开申请，无上年结转申请。",
)
APPLICATION_NEW = (
    "{year}年共收到政府信息公开申请{new}件，",
    "全年新收政府信息公开申请{new}件，",
    "本年度共新收到政府信息公开申请{new}件，上年结转{carried}件，",
)
APPLICATION_ACCEPTED = (  # 受理 = 新收 + 上年结转: another scope than any table row
    "全年共受理政府信息公开申请{accepted}件（含上年结转{carried}件），",
    "本年度受理政府信息公开申请{accepted}件，其中上年结转{carried}件，",
)
APPLICATION_OUTCOME = (
    "办结{handled}件，其中予以公开{granted}件、占{granted_pct}%。",
    "已全部按时答复，其中予以公开{granted}件，占办理总数的{granted_pct}%。",
    "作出答复{handled}件，予以公开{granted}件。",
)
APPLICATION_FORWARD = ("另有{forward}件结转下年度继续办理。", "结转下年度继续办理{forward}件。")
REVIEW_NONE = (
    "全年未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。",
    "本年度没有因政府信息公开引起的行政复议和行政诉讼。",
)
REVIEW_SOME = (
    "全年因政府信息公开被申请行政复议{review}件，其中结果维持{upheld}件。",
    "本年度发生政府信息公开行政复议{review}件。",
)
MANAGEMENT = (
    "严格落实公开前保密审查机制，坚持“先审查、后公开”和“一事一审”原则，全年未发生泄密事件。",
    "修订完善政府信息公开指南和主动公开基本目录，动态调整公开事项。",
    "健全政府信息公开属性源头认定机制，公文在拟制时即明确公开属性。",
    "开展政府信息公开自查，对发现的链接失效、内容更新不及时等问题立即整改。",
)
TRAININGS = (
    "组织政务公开业务培训{trainings}次，提升工作人员业务能力。",
    "全年开展政务公开专题培训{trainings}次。",
    "举办政府信息公开工作培训{trainings}次，覆盖全体信息员。",
)
PLATFORM = (
    "优化门户网站政府信息公开专栏，调整栏目{columns}个，方便群众查找。",
    "加强政务新媒体管理，{accounts}个政务新媒体账号均实现常态化更新。",
    "推进政府信息公开专栏标准化建设，新增专题栏目{columns}个。",
)
SUPERVISION = (
    "将政务公开工作纳入年度考核，明确分管负责同志和工作人员，压实工作责任。",
    "建立政务公开工作台账，定期调度工作进展，确保各项任务落实到位。",
    "主动接受社会监督，通过意见箱、热线电话等渠道收集意见建议并及时反馈。",
)
PROBLEMS = (
    ("信息公开的及时性有待提高", "个别栏目信息更新不够及时"),
    ("政策解读形式比较单一", "图解、视频等多样化解读形式运用较少"),
    ("公开内容的深度和广度不够", "部分重点领域信息公开不够全面"),
    ("工作人员业务水平有待提升", "基层信息员对《条例》理解不够深入"),
    ("依申请公开答复规范性有待加强", "个别答复书引用依据不够准确"),
    ("政务新媒体互动性不强", "回应群众关切的针对性有待增强"),
)
IMPROVEMENTS = (
    "加强信息发布审核，建立信息更新提醒机制，确保信息公开及时准确。",
    "丰富政策解读形式，更多运用图表图解、短视频等方式解读政策。",
    "加大业务培训力度，组织信息员学习《条例》及相关规定。",
    "规范依申请公开办理流程，严格执行答复书审核制度。",
    "拓展公开渠道，提升政务新媒体的服务和互动功能。",
)
FEE_NONE = (
    "{year}年，本机关在办理政府信息公开申请过程中未收取信息处理费。",
    "本年度未收取政府信息公开信息处理费。",
    "全年没有收取任何信息处理费。",
)
FEE_SOME = ("依据《政府信息公开信息处理费管理办法》，本年度收取信息处理费{fee_yuan}元。",)
PROPOSALS = (
    "全年承办人大代表建议{motions}件、政协委员提案{proposals}件，均已按时办结并公开办理结果。",
    "{year}年共承办人大代表建议{motions}件，政协提案{proposals}件，办复率100%。",
)
NOTES = (
    "报告中所列数据可能因四舍五入原因与数据直接相加之和存在尾数差异。",
    "行政许可数量、行政处罚和行政强制数量，包括已公开和依法未公开的全部处理决定。",
)
PLATFORMS = ("门户网站", "政府网站", "政务新媒体", "政府信息公开专栏", "微信公众号")
