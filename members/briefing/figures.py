"""Figures of 知情明政 for the registry (reports/figures.py collects SOURCES and FIGURES). Each
figure's link opens briefing:figure_list, whose rows come from the same selector that counts it."""

from reports.figures import Figure, count, link, percent

SOURCES = {"briefing_stats": ("members.briefing.selectors", "briefing_stats")}

GROUP = "知情明政"


def _link(what: str):
    return link("briefing:figure_list", what=what)


FIGURES = [
    Figure(
        "briefing.announcements",
        "发布通知公告",
        "件",
        "当年发布的通知公告和倡议书",
        count("briefing_stats", "announcements"),
        _link("announcements"),
        GROUP,
    ),
    Figure(
        "briefing.read_rate",
        "通知公告阅读率",
        "%",
        "当年发布的通知公告中,接收人已打开阅读的人次 / 接收总人次",
        percent("briefing_stats", ("read",), "recipients"),
        _link("read"),
        GROUP,
    ),
    Figure(
        "briefing.training_sessions",
        "委员培训课次",
        "次",
        "当年举行的培训课次",
        count("briefing_stats", "sessions"),
        _link("sessions"),
        GROUP,
    ),
    Figure(
        "briefing.training_attendance",
        "参加培训人次",
        "人次",
        "当年培训课次登记为出席的委员人次",
        count("briefing_stats", "attendance"),
        _link("attendance"),
        GROUP,
    ),
    Figure(
        "briefing.wenshi_accepted",
        "采用文史资料稿件",
        "篇",
        "当年被编辑采用的文史资料稿件",
        count("briefing_stats", "pieces_accepted"),
        _link("pieces"),
        GROUP,
    ),
]
