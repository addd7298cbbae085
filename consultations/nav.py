from cppcc.nav import NavItem

NAV_ITEMS = [
    NavItem(
        "协商活动",
        "consultations:activity_list",
        ("member", "staff", "leader"),
        order=30,
        area="consultations",
    ),
    NavItem("年度协商计划", "consultations:plan", ("staff", "leader"), order=31, area="consultations"),
    NavItem("建议办理", "consultations:board", ("staff", "leader", "unit"), order=32, area="consultations"),
]
