from django.apps import AppConfig


class BodiesConfig(AppConfig):
    name = "members.bodies"
    label = "bodies"
    verbose_name = "专委会、镇街工委、界别与一村一委员"
