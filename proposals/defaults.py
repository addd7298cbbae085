"""Default lists loaded by data migration (proposals/migrations/0002); editable in admin afterwards."""

CATEGORIES = ["经济建设", "城建环保", "科教文卫体", "农业农村", "社会法制", "政治统战综合"]

REJECT_REASONS = [
    "涉及党和国家秘密",
    "属于国家明令禁止的事项",
    "正在诉讼或仲裁中",
    "属于学术研讨",
    "涉及个人或家庭事务",
    "推销产品或宣传个人",
    "指名举报或涉及具体案件",
    "内容空泛,无具体建议",
    "不属于本级政协提案范围",
]

# (code, label, adopted, needs follow-up)
REPLY_CLASSES = [
    ("A", "已经解决或基本解决", True, False),
    ("B", "部分解决或已列入计划解决", True, True),
    ("C", "因受条件限制留作参考", False, True),
]
