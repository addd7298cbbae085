from cppcc.nav import NavItem

NAV_ITEMS = [
    NavItem("会议", "meetings:list", ("staff", "leader"), order=33, area="consultations"),
    NavItem("我的会议", "meetings:mine", ("member",), order=33, area="consultations"),
]
