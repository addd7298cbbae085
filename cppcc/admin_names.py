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


def content_type_label(content_type) -> str:
    """ "应用 | 模型" with the Chinese names (ContentType's own str uses the models' raw names)."""
    model = content_type.model_class()
    if model is None:
        return str(content_type)
    return f"{model._meta.app_config.verbose_name} | {model_name(model)}"


def permission_label(permission) -> str:
    return f"{content_type_label(permission.content_type)} | {permission.name}"


class ChineseChoicesMixin:
    """For ModelAdmins whose forms choose content types or permissions: label them in Chinese."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.related_model._meta.label_lower == "contenttypes.contenttype":
            field.label_from_instance = content_type_label
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.related_model._meta.label_lower == "auth.permission":
            field.label_from_instance = permission_label
        return field
