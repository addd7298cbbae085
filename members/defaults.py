"""Default lists loaded by data migration (members/migrations/0002). They are editable in admin
afterwards; these are only the starting values from the domain notes."""

ROLE_GROUPS = ["委员", "机关工作人员", "承办单位", "领导", "系统管理员"]

SECTORS = [
    "中国共产党",
    "民革",
    "民盟",
    "民建",
    "民进",
    "农工党",
    "致公党",
    "九三学社",
    "无党派人士",
    "共青团",
    "总工会",
    "妇联",
    "工商联",
    "科协",
    "侨联",
    "文化艺术",
    "科学技术",
    "经济",
    "农业",
    "教育",
    "体育",
    "新闻出版",
    "医药卫生",
    "社会福利和社会保障",
    "少数民族",
    "宗教",
    "特别邀请人士",
]

SPECIAL_COMMITTEES = [
    "提案委员会",
    "经济委员会",
    "农业和农村委员会",
    "人口资源环境委员会",
    "教科卫体委员会",
    "社会法制和民族宗教委员会",
    "港澳台侨和外事委员会",
    "文化文史和学习委员会",
]

# (name, kind) — the 14 镇街 of 义乌
WORK_COMMITTEES = [
    ("稠城街道", "street"),
    ("北苑街道", "street"),
    ("稠江街道", "street"),
    ("江东街道", "street"),
    ("后宅街道", "street"),
    ("城西街道", "street"),
    ("廿三里街道", "street"),
    ("福田街道", "street"),
    ("佛堂镇", "town"),
    ("赤岸镇", "town"),
    ("义亭镇", "town"),
    ("上溪镇", "town"),
    ("苏溪镇", "town"),
    ("大陈镇", "town"),
]

PROPOSER_ORGANISATIONS = [
    ("民革义乌市基层委员会", "party"),
    ("民盟义乌市基层委员会", "party"),
    ("民建义乌市基层委员会", "party"),
    ("民进义乌市基层委员会", "party"),
    ("农工党义乌市基层委员会", "party"),
    ("致公党义乌市支部", "party"),
    ("九三学社义乌市基层委员会", "party"),
    ("市工商联", "organisation"),
    ("市总工会", "organisation"),
    ("团市委", "organisation"),
    ("市妇联", "organisation"),
    ("市科协", "organisation"),
    ("市侨联", "organisation"),
]

# (code, name, points, yearly cap) — one real committee's scoring rules (domain notes)
DUTY_RULES = [
    ("plenary_attend", "出席全体会议(每半天)", "5", None),
    ("plenary_leave", "全体会议请假", "-5", None),
    ("plenary_absent", "全体会议无故缺席", "-10", None),
    ("proposal_lead", "领衔提案立案", "15", None),
    ("proposal_cosign", "附议提案立案", "3", None),
    ("proposal_key_lead", "领衔重点提案", "15", None),
    ("proposal_key_cosign", "附议重点提案", "3", None),
    ("proposal_excellent_lead", "领衔优秀提案", "10", None),
    ("proposal_excellent_cosign", "附议优秀提案", "2", None),
    ("opinion_submitted", "报送社情民意信息", "5", None),
    ("opinion_adopted", "社情民意信息被采用", "10", None),
    ("opinion_instructed", "社情民意信息获领导批示", "10", None),
    ("activity_attend", "参加视察、调研、协商、民主监督等活动", "5", None),
    ("activity_leave", "活动请假", "0", None),
    ("activity_absent", "活动无故缺席", "-5", None),
    ("speech", "大会发言", "5", None),
    ("training", "参加学习培训", "5", None),
    ("countryside", "六送下乡", "5", None),
    ("village_visit", "联系村走访", "5", "20"),
    ("online_duty", "线上履职(反映问题)", "5", "20"),
    ("other", "其他履职活动", "5", None),
]

# (name, minimum score) — score bands (domain notes); the lowest band takes every score below the next
SCORE_BANDS = [
    ("优秀", "90"),
    ("良好", "80"),
    ("称职", "60"),
    ("不称职", "-999"),
]

# (name, rule codes, count a year) — yearly minimums (domain notes)
DUTY_MINIMUMS = [
    ("提案(领衔或附议)", ["proposal_lead", "proposal_cosign"], 1),
    ("社情民意信息", ["opinion_submitted"], 1),
    ("参加活动", ["activity_attend", "countryside", "training"], 3),
]
