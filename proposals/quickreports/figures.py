"""Figures of quick reports for the dashboard and the annual report ({{quickreports.suggestions}}
fills "反映……180个具体问题"). Each counts one of selectors.flags() or a kind over the year's
reports (by submission date), and links to the register filtered by exactly that."""

from reports.figures import Figure, count, link, percent

SOURCES = {"quick_stats": ("proposals.quickreports.selectors", "quick_stats")}

G_QUICK = "微建议与随手拍"
REGISTER = "quickreports:register"

FIGURES = [
    Figure(
        "quickreports.submitted",
        "反映问题(微建议、随手拍、群众诉求)",
        "个",
        "委员通过平台反映的全部问题",
        count("quick_stats", "submitted"),
        link(REGISTER),
        G_QUICK,
    ),
    Figure(
        "quickreports.suggestions",
        "线上反映具体问题(微建议)",
        "个",
        "类型为“微建议”的反映",
        count("quick_stats", "kind_suggestion"),
        link(REGISTER, kind="suggestion"),
        G_QUICK,
    ),
    Figure(
        "quickreports.snapshots",
        "文明创建随手拍发现问题",
        "个",
        "类型为“随手拍(文明创建)”的反映",
        count("quick_stats", "kind_snapshot"),
        link(REGISTER, kind="snapshot"),
        G_QUICK,
    ),
    Figure(
        "quickreports.appeals",
        "收集群众诉求",
        "个",
        "类型为“群众诉求”的反映(委员或镇街工委代为反映)",
        count("quick_stats", "kind_appeal"),
        link(REGISTER, kind="appeal"),
        G_QUICK,
    ),
    Figure(
        "quickreports.routed",
        "交办职能部门",
        "个",
        "审核后交承办单位办理的反映",
        count("quick_stats", "routed"),
        link(REGISTER, flag="routed"),
        G_QUICK,
    ),
    Figure(
        "quickreports.answered",
        "部门已答复",
        "个",
        "承办单位已答复的反映",
        count("quick_stats", "answered"),
        link(REGISTER, flag="answered"),
        G_QUICK,
    ),
    Figure(
        "quickreports.answered_on_time",
        "按期答复",
        "个",
        "在工作日期限内答复的反映",
        count("quick_stats", "on_time"),
        link(REGISTER, flag="on_time"),
        G_QUICK,
    ),
    Figure(
        "quickreports.on_time_rate",
        "按期答复率",
        "%",
        "按期答复数 ÷ 已答复数",
        percent("quick_stats", ("on_time",), "answered"),
        link(REGISTER, flag="on_time"),
        G_QUICK,
    ),
    Figure(
        "quickreports.resolved",
        "委员确认已解决",
        "个",
        "反映人确认“已解决”的反映",
        count("quick_stats", "resolved"),
        link(REGISTER, flag="resolved"),
        G_QUICK,
    ),
    Figure(
        "quickreports.supervised",
        "列入督办",
        "个",
        "超期较久或两次未解决而列入督办的反映",
        count("quick_stats", "supervised"),
        link(REGISTER, flag="supervised"),
        G_QUICK,
    ),
]
