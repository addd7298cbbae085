from cppcc.nav import NavItem

ALL = ("member", "staff", "unit", "leader", "admin")

NAV_ITEMS = [
    NavItem("首页", "home", ALL, order=0),
    NavItem("消息", "members:notifications", ALL, order=90),
]
