"""The pages the benchmark measures: (label, role, path template). The path is filled from the
generator's output (a proposal id, a member id, the current year)."""

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
]

DASHBOARD_LABELS = {"领导驾驶舱", "首页(领导)"}


def fill(path: str, info: dict) -> str:
    return path.format(
        year=info["year"],
        prev_year=info["year"] - 1,
        proposal_id=info["proposal_id"],
        member_id=info["member_id"],
        meeting_id=info.get("meeting_id", 0),
    )
