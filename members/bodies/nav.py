from cppcc.nav import NavItem

NAV_ITEMS = [
    NavItem("机构", "bodies:index", ("member", "staff", "leader"), order=55, area="members"),
    NavItem("联村走访", "bodies:visit_list", ("member", "staff", "leader"), order=62, area="members"),
]
