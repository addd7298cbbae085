"""Chinese names of permissions in the admin (groups, users). Django stores a permission's name in
English ("Can add proposal") when the table is created; after every migrate the default
permissions are renamed "添加提案", "查看登录尝试" … from the models' (translated) names.
Models of third-party apps whose names no catalog reaches are named here."""

from django.apps import apps
from django.utils import translation

ACTIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}
MODEL_NAMES = {
    "otp_totp.totpdevice": "动态口令设备",
    "otp_static.staticdevice": "备用验证码设备",
    "otp_static.statictoken": "备用验证码",
    "captcha.captchastore": "图形验证码记录",
}


def model_name(model) -> str:
    return MODEL_NAMES.get(model._meta.label_lower) or str(model._meta.verbose_name)


def permissions_in_chinese(**kwargs) -> int:
    """Rename the default permissions (idempotent: one query to read, one bulk update if needed)."""
    from django.contrib.auth.models import Permission

    changed = []
    with translation.override("zh-hans"):
        for perm in Permission.objects.select_related("content_type"):
            action, _, model = perm.codename.partition("_")
            try:
                model_class = apps.get_model(perm.content_type.app_label, perm.content_type.model)
            except LookupError:
                continue
            if action not in ACTIONS or model != model_class._meta.model_name:
                continue
            name = f"{ACTIONS[action]}{model_name(model_class)}"[:255]
            if perm.name != name:
                perm.name = name
                changed.append(perm)
    Permission.objects.bulk_update(changed, ["name"], batch_size=500)
    return len(changed)
