from cppcc.nav import NavItem

NAV_ITEMS = [
    NavItem(
        "通知公告",
        "briefing:announcement_list",
        ("member", "staff", "unit", "leader"),
        order=70,
        area="briefing",
    ),
    NavItem("学习资料", "briefing:library", ("member", "staff", "leader"), order=71, area="briefing"),
    NavItem("委员培训", "briefing:course_list", ("member", "staff", "leader"), order=72, area="briefing"),
    NavItem("文史资料", "briefing:collection_list", ("member", "staff", "leader"), order=73, area="briefing"),
]
