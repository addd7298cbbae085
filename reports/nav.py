from cppcc.nav import NavItem

NAV_ITEMS = [
    NavItem("领导驾驶舱", "reports:dashboard", ("leader", "staff"), order=70, area="reports"),
    NavItem("年度工作报告", "reports:report_list", ("staff", "leader"), order=75, area="reports"),
]
