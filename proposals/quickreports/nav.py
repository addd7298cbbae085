from cppcc.nav import NavItem

NAV_ITEMS = [
    NavItem("随手拍", "quickreports:create", ("member",), order=14, area="proposals"),
    NavItem("我的微建议", "quickreports:mine", ("member",), order=15, area="proposals"),
    NavItem("微建议待办", "quickreports:unit_queue", ("unit",), order=15, area="proposals"),
    NavItem("微建议分拨", "quickreports:triage", ("staff",), order=16, area="proposals"),
    NavItem("微建议登记", "quickreports:register", ("staff", "leader"), order=17, area="proposals"),
]
