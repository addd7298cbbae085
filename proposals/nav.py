from cppcc.nav import NavItem

NAV_ITEMS = [
    NavItem("我的提案", "proposals:mine", ("member",), order=10, area="proposals"),
    NavItem("提出提案", "proposals:create", ("member",), order=11, area="proposals"),
    NavItem("本单位提案", "proposals:unit_queue", ("unit",), order=10, area="proposals"),
    NavItem("提案管理", "proposals:register", ("staff", "leader"), order=12, area="proposals"),
    NavItem("社情民意", "proposals:opinion_list", ("member", "staff", "leader"), order=20, area="proposals"),
]
