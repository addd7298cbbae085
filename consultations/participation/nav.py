from cppcc.nav import NavItem

NAV_ITEMS = [
    NavItem(
        "协商参与",
        "participation:index",
        ("member", "staff", "leader", "unit"),
        order=33,
        area="consultations",
    ),
]
