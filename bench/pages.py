"""The pages the benchmark measures: (label, role, path template), and beside each its bare view
(BARE). The path is filled from the generator's output (a proposal id, a member id, the current
year)."""

from __future__ import annotations

PAGES: list[tuple[str, str, str]] = [
    ("提案管理(默认)", "staff", "/proposals/"),
    ("提案管理(筛选)", "staff", "/proposals/?year={year}&status=handling&proposer_type=joint"),
    ("提案管理(关键词)", "staff", "/proposals/?q=加快推进老旧小区改造"),
    ("提案管理(筛选+关键词)", "staff", "/proposals/?year={prev_year}&q=交通拥堵&replied=1"),
    ("提案详情(办理记录)", "staff", "/proposals/{proposal_id}/"),
    ("承办单位待办", "unit", "/proposals/unit/"),
    ("批量审查交办", "staff", "/proposals/batch/"),
    ("我的提案", "member", "/proposals/mine/"),
    ("委员名录", "staff", "/members/directory/"),
    ("委员履职档案", "staff", "/members/{member_id}/duty/"),
    ("我的履职", "member", "/members/my-duty/"),
    ("履职排名", "staff", "/members/ranking/"),
    ("协商建议看板", "staff", "/consultations/suggestions/"),
    ("领导驾驶舱", "leader", "/reports/dashboard/"),
    ("微建议分拨", "staff", "/quick/triage/"),
    ("微建议承办单位待办", "unit", "/quick/unit/"),
    ("微建议登记(超期筛选)", "staff", "/quick/?year={year}&flag=overdue"),
    ("微建议单位排行", "leader", "/quick/league/?year={year}"),
    ("通知", "member", "/members/notifications/"),
    ("工作台(机关)", "staff", "/"),
    ("首页(领导)", "leader", "/"),
    ("首页(委员)", "member", "/"),
    ("首页(承办单位)", "unit", "/"),
    ("全体会议出席名册", "staff", "/meetings/{meeting_id}/roll/"),
    ("选人(输入姓名)", "staff", "/bodies/picker/?field=members&picker_q=王"),
    ("选人(姓名+单位关键词)", "member", "/bodies/picker/?field=members&picker_q=建&multiple=1"),
    # the streams added since (issue 14: the bench grows with each new stream)
    ("会议列表", "staff", "/meetings/"),
    ("通知公告(机关)", "staff", "/briefing/"),
    ("通知公告(委员收件箱)", "member", "/briefing/"),
    ("议题征集", "staff", "/participation/"),
    ("问卷(委员)", "member", "/participation/surveys/"),
    ("走访记录", "staff", "/bodies/visits/"),
]

# label -> the bare view over the same rows (bench/bare.py, mounted under /_bench/ when
# BENCH_BARE_VIEWS=1): one query, same filter, ordering and page size, a minimal template.
BARE: dict[str, str] = {
    "提案管理(默认)": "/_bench/proposals/",
    "提案管理(筛选)": "/_bench/proposals/?year={year}&status=handling&proposer_type=joint",
    "提案管理(关键词)": "/_bench/proposals/?q=加快推进老旧小区改造",
    "提案管理(筛选+关键词)": "/_bench/proposals/?year={prev_year}&q=交通拥堵&replied=1",
    "提案详情(办理记录)": "/_bench/proposal/?pk={proposal_id}",
    "承办单位待办": "/_bench/proposal-unit/",
    "批量审查交办": "/_bench/proposal-batch/",
    "我的提案": "/_bench/proposal-mine/",
    "委员名录": "/_bench/directory/",
    "委员履职档案": "/_bench/duty/?member={member_id}",
    "我的履职": "/_bench/my-duty/",
    "履职排名": "/_bench/ranking/",
    "协商建议看板": "/_bench/suggestions/",
    "领导驾驶舱": "/_bench/empty/",
    "微建议分拨": "/_bench/quick-triage/",
    "微建议承办单位待办": "/_bench/quick-unit/",
    "微建议登记(超期筛选)": "/_bench/quick/?year={year}&flag=overdue",
    "微建议单位排行": "/_bench/quick-league/?year={year}",
    "通知": "/_bench/notifications/",
    "工作台(机关)": "/_bench/empty/",
    "首页(领导)": "/_bench/empty/",
    "首页(委员)": "/_bench/empty/",
    "首页(承办单位)": "/_bench/empty/",
    "全体会议出席名册": "/_bench/roll/?meeting={meeting_id}",
    "选人(输入姓名)": "/_bench/picker/?picker_q=王",
    "选人(姓名+单位关键词)": "/_bench/picker/?picker_q=建",
    "会议列表": "/_bench/meetings/",
    "通知公告(机关)": "/_bench/announcements/?staff=1",
    "通知公告(委员收件箱)": "/_bench/announcements/",
    "议题征集": "/_bench/topic-calls/",
    "问卷(委员)": "/_bench/surveys/",
    "走访记录": "/_bench/visits/",
}

# budget p95 < 300 ms at 8 clients (issue 14: "dashboard and homes"); every other page < 150 ms
DASHBOARD_LABELS = {"领导驾驶舱", "工作台(机关)", "首页(领导)", "首页(委员)", "首页(承办单位)"}


def fill(path: str, info: dict) -> str:
    return path.format(
        year=info["year"],
        prev_year=info["year"] - 1,
        proposal_id=info["proposal_id"],
        member_id=info["member_id"],
        meeting_id=info.get("meeting_id", 0),
    )
