from cppcc.nav import NavItem

ALL = ("member", "staff", "unit", "leader", "admin")

NAV_ITEMS = [
    NavItem("首页", "home", ALL, order=0),
    NavItem("委员名录", "members:directory", ("member", "staff", "leader"), order=60, area="members"),
    NavItem("我的履职", "members:my_duty", ("member",), order=61, area="members"),
    NavItem("履职排名", "members:ranking", ("staff", "leader"), order=62, area="members"),
    NavItem("述职", "members:self_report", ("member",), order=63, area="members"),
    NavItem("述职", "members:self_report_list", ("staff",), order=63, area="members"),
    NavItem("名册导入导出", "members:roster_import", ("staff",), order=64, area="members"),
    NavItem("消息", "members:notifications", ALL, order=90),
]
