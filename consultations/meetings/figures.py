"""Meeting figures for the registry (reports/figures.py collects SOURCES and FIGURES). Each
figure's link opens the list built from the same queryset that counts it
(consultations.meetings.selectors.held_meetings / attendance_marks / speech_list)."""

from reports.figures import Figure, count, link, percent

from .defaults import MEETING_KINDS

SOURCES = {"meeting_stats": ("consultations.meetings.selectors", "meeting_stats")}

G_MEETINGS = "会议"
LIST = "meetings:list"
ATTENDANCE = "meetings:attendance"
SPEECHES = "meetings:speech_list"

FIGURES = [
    Figure(
        "meetings.held",
        "召开会议",
        "次",
        "本年度已举行的全体会议、常委会会议、主席会议、秘书长会议等",
        count("meeting_stats", "held"),
        link(LIST, status="held"),
        G_MEETINGS,
    ),
    *[
        Figure(
            f"meetings.held_{code}",
            f"召开{name}",
            "次",
            f"本年度已举行的{name}",
            count("meeting_stats", f"held_{code}"),
            link(LIST, status="held", kind=code),
            G_MEETINGS,
        )
        for code, name, *_ in MEETING_KINDS
        if code != "other"
    ],
    Figure(
        "meetings.attendance_marks",
        "会议应出席人次",
        "人次",
        "已举行会议各场次受邀出席委员的出勤登记(出席、请假、缺席)",
        count("meeting_stats", "attendance_marks"),
        link(ATTENDANCE),
        G_MEETINGS,
    ),
    Figure(
        "meetings.attendance_present",
        "会议出席人次",
        "人次",
        "已举行会议各场次登记为出席的人次",
        count("meeting_stats", "attendance_present"),
        link(ATTENDANCE, status="present"),
        G_MEETINGS,
    ),
    Figure(
        "meetings.attendance_rate",
        "会议出席率",
        "%",
        "出席人次 ÷ 应出席人次",
        percent("meeting_stats", ("attendance_present",), "attendance_marks"),
        link(ATTENDANCE),
        G_MEETINGS,
    ),
    Figure(
        "meetings.speeches_submitted",
        "大会发言(书面)",
        "篇",
        "本年度全体会议收到的大会发言",
        count("meeting_stats", "speeches_submitted"),
        link(SPEECHES),
        G_MEETINGS,
    ),
    Figure(
        "meetings.speeches_selected",
        "大会口头发言",
        "篇",
        "选定在全体会议上口头发言的大会发言",
        count("meeting_stats", "speeches_selected"),
        link(SPEECHES, selected=1),
        G_MEETINGS,
    ),
]
