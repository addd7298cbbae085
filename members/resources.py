"""The roster (委员名册) as an Excel sheet: django-import-export resource with the column headers a
committee office uses. Foreign keys and many-to-many fields are written by name; lookups use
caches loaded once per import, so a 5,000-row file needs a handful of queries, not one per row."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from import_export import fields, resources, widgets

from .models import Member, Position, Sector, SpecialCommittee, Term, Village, WorkCommittee, chinese_numeral

LIST_SEPARATOR = "、"
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
ID_RE = re.compile(r"^\d{17}[\dX]$")


def id_number_check_digit(body17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=True)) % 11]


def text(value) -> str:
    """A cell as text: Excel gives numbers for digit-only cells (phones, ID numbers)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class TextWidget(widgets.Widget):
    def __init__(
        self, required: bool = False, label: str = "", max_length: int | None = None, default: str = ""
    ):
        super().__init__()
        self.required, self.label, self.max_length, self.default = required, label, max_length, default

    def clean(self, value, row=None, **kwargs):
        value = text(value)
        if not value:
            if self.required:
                raise ValueError(f"{self.label}不能为空")
            return self.default
        if self.max_length and len(value) > self.max_length:
            raise ValueError(f"{self.label}不能超过{self.max_length}个字符")
        return value

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class IdNumberWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        value = text(value).upper()
        if not value:
            raise ValueError("身份证号不能为空")
        if not ID_RE.match(value):
            raise ValueError(f"身份证号「{value}」格式不正确(应为18位)")
        try:
            dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
        except ValueError:
            raise ValueError(f"身份证号「{value}」中的出生日期不正确") from None
        if id_number_check_digit(value[:17]) != value[17]:
            raise ValueError(f"身份证号「{value}」校验位不正确")
        return value


class EmailWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        value = text(value)
        if value:
            try:
                validate_email(value)
            except ValidationError:
                raise ValueError(f"电子邮箱「{value}」格式不正确") from None
        return value


class ChineseDateWidget(widgets.Widget):
    FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        raw = text(value)
        for fmt in self.FORMATS:
            try:
                return dt.datetime.strptime(raw, fmt).date()
            except ValueError:
                continue
        raise ValueError(f"出生日期「{raw}」不是有效日期(格式如 1975-05-01)")

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class LabelChoiceWidget(widgets.Widget):
    """Choices by their Chinese label (男/女, 委员/常委 …)."""

    def __init__(self, choices, label: str, required: bool = False, default: str = ""):
        super().__init__()
        self.by_label = {str(lbl): val for val, lbl in choices}
        self.labels = {val: str(lbl) for val, lbl in choices}
        self.label, self.required, self.default = label, required, default

    def clean(self, value, row=None, **kwargs):
        value = text(value)
        if not value:
            if self.required:
                raise ValueError(f"{self.label}不能为空")
            return self.default
        if value in self.by_label:
            return self.by_label[value]
        raise ValueError(f"{self.label}「{value}」不正确,应为:{'、'.join(self.by_label)}")

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, "")


class YesNoWidget(widgets.Widget):
    YES, NO = (
        {"是", "在任", "1", "true", "TRUE", "True"},
        {"否", "不在任", "离任", "0", "false", "FALSE", "False"},
    )

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        value = text(value)
        if not value or value in self.YES:
            return True
        if value in self.NO:
            return False
        raise ValueError(f"在任「{value}」不正确,应为:是、否")

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class NameForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key by name, looked up in a dict loaded once."""

    def __init__(self, model, label: str, required: bool = False):
        super().__init__(model, field="name")
        self.label, self.required = label, required
        self.cache: dict[str, object] | None = None

    def load(self):
        self.cache = {o.name: o for o in self.model.objects.all()}

    def clean(self, value, row=None, **kwargs):
        value = text(value)
        if not value:
            if self.required:
                raise ValueError(f"{self.label}不能为空")
            return None
        if self.cache is None:
            self.load()
        try:
            return self.cache[value]
        except KeyError:
            raise ValueError(f"{self.label}「{value}」不存在,请先在系统中维护该{self.label}") from None

    def render(self, value, obj=None, **kwargs):
        return value.name if value is not None else ""


class VillageWidget(widgets.ForeignKeyWidget):
    """联系村 by name, within the row's 镇街工委 when that column is filled."""

    def __init__(self):
        super().__init__(Village, field="name")
        self.cache: dict | None = None

    def load(self):
        self.cache = {}
        for v in Village.objects.select_related("work_committee"):
            self.cache.setdefault(v.name, []).append(v)

    def clean(self, value, row=None, **kwargs):
        value = text(value)
        if not value:
            return None
        if self.cache is None:
            self.load()
        candidates = self.cache.get(value, [])
        town = text((row or {}).get("镇街工委"))
        if len(candidates) > 1 and town:
            # the same village name in two towns: the row's 镇街工委 decides
            candidates = [v for v in candidates if v.work_committee.name == town]
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise ValueError(f"联系村「{value}」不存在")
        raise ValueError(f"联系村「{value}」有重名,请填写镇街工委")

    def render(self, value, obj=None, **kwargs):
        return value.name if value is not None else ""


class NameManyToManyWidget(widgets.ManyToManyWidget):
    def __init__(self, model, label: str):
        super().__init__(model, separator=LIST_SEPARATOR, field="name")
        self.label = label
        self.cache: dict | None = None

    def key(self, obj) -> str:
        return obj.name

    def load(self):
        self.cache = {self.key(o): o for o in self.model.objects.all()}

    def lookup(self, name: str):
        return self.cache.get(name)

    def clean(self, value, row=None, **kwargs):
        value = text(value)
        if not value:
            return []
        if self.cache is None:
            self.load()
        found, unknown = [], []
        for part in re.split(r"[、,,;;]", value):
            part = part.strip()
            if not part:
                continue
            obj = self.lookup(part)
            (found if obj is not None else unknown).append(obj if obj is not None else part)
        if unknown:
            raise ValueError(f"{self.label}「{'、'.join(unknown)}」不存在")
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return self.separator.join(self.key(o) for o in value.all())


class TermWidget(NameManyToManyWidget):
    """届次 as 十三届 / 第十三届 / 13."""

    def key(self, obj) -> str:
        return obj.short_name

    def lookup(self, name: str):
        name = name.removeprefix("第").removesuffix("届")
        if name.isdigit():
            name = chinese_numeral(int(name))
        return self.cache.get(f"{name}届")


COLUMNS = [
    "姓名",
    "性别",
    "身份证号",
    "出生日期",
    "民族",
    "政治面貌",
    "学历",
    "工作单位",
    "职务职称",
    "手机号",
    "电子邮箱",
    "界别",
    "专委会",
    "镇街工委",
    "联系村",
    "政协职务",
    "届次",
    "在任",
]
M2M_FIELDS = ("special_committees", "terms")


class MemberResource(resources.ModelResource):
    name = fields.Field("name", "姓名", TextWidget(required=True, label="姓名", max_length=50))
    gender = fields.Field("gender", "性别", LabelChoiceWidget(Member.Gender.choices, "性别", required=True))
    id_number = fields.Field("id_number", "身份证号", IdNumberWidget())
    birth_date = fields.Field("birth_date", "出生日期", ChineseDateWidget())
    ethnicity = fields.Field("ethnicity", "民族", TextWidget(label="民族", max_length=20, default="汉族"))
    party = fields.Field("party", "政治面貌", TextWidget(label="政治面貌", max_length=30))
    education = fields.Field("education", "学历", TextWidget(label="学历", max_length=30))
    work_unit = fields.Field("work_unit", "工作单位", TextWidget(label="工作单位", max_length=200))
    job_title = fields.Field("job_title", "职务职称", TextWidget(label="职务职称", max_length=100))
    phone = fields.Field("phone", "手机号", TextWidget(label="手机号", max_length=20))
    email = fields.Field("email", "电子邮箱", EmailWidget(label="电子邮箱", max_length=254))
    sector = fields.Field("sector", "界别", NameForeignKeyWidget(Sector, "界别", required=True))
    special_committees = fields.Field(
        "special_committees", "专委会", NameManyToManyWidget(SpecialCommittee, "专委会")
    )
    work_committee = fields.Field(
        "work_committee", "镇街工委", NameForeignKeyWidget(WorkCommittee, "镇街工委")
    )
    village = fields.Field("village", "联系村", VillageWidget())
    position = fields.Field(
        "position", "政协职务", LabelChoiceWidget(Position.choices, "政协职务", default=Position.MEMBER)
    )
    terms = fields.Field("terms", "届次", TermWidget(Term, "届次"))
    is_active = fields.Field("is_active", "在任", YesNoWidget())

    class Meta:
        model = Member
        fields = (
            "name",
            "gender",
            "id_number",
            "birth_date",
            "ethnicity",
            "party",
            "education",
            "work_unit",
            "job_title",
            "phone",
            "email",
            "sector",
            "special_committees",
            "work_committee",
            "village",
            "position",
            "terms",
            "is_active",
        )
        import_id_fields = ("id_number",)
        use_bulk = True
        batch_size = 1000
        # no deepcopy of every row's instance: skip_row compares with snapshots taken in before_import
        skip_diff = True
        clean_model_instances = False
        report_skipped = True
        store_instance = True
        use_transactions = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._existing: dict[str, Member] = {}
        self._seen: dict[str, int] = {}
        self._snapshots: dict[str, dict[str, str]] = {}

    def get_bulk_update_fields(self):
        return [f for f in self.fields if f not in self._meta.import_id_fields and f not in M2M_FIELDS]

    def get_export_headers(self, selected_fields=None):
        return list(COLUMNS)

    # --- import ------------------------------------------------------------------------------
    def before_import(self, dataset, **kwargs):
        missing = [c for c in ("姓名", "身份证号", "界别") if c not in (dataset.headers or [])]
        if missing:
            raise ValidationError(f"表头缺少「{'、'.join(missing)}」列,请使用下载的名册模板。")
        ids = {text(v).upper() for v in dataset["身份证号"]} - {""}
        qs = (
            Member.objects.filter(id_number__in=ids)
            .select_related("sector", "work_committee", "village__work_committee")
            .prefetch_related("special_committees", "terms")
        )
        self._existing = {m.id_number: m for m in qs}
        self._seen = {}
        for field in self.fields.values():
            if hasattr(field.widget, "load"):
                field.widget.load()
        self._snapshots = {key: self._snapshot(m) for key, m in self._existing.items()}

    def _snapshot(self, member: Member) -> dict[str, str]:
        """The column values of a stored member, to tell unchanged rows from updates."""
        values = {}
        for name, field in self.fields.items():
            if name in M2M_FIELDS:
                values[name] = LIST_SEPARATOR.join(
                    sorted(field.widget.key(o) for o in getattr(member, name).all())
                )
            else:
                values[name] = field.export(member)
        return values

    def get_instance(self, instance_loader, row):
        return self._existing.get(text(row.get("身份证号")).upper())

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        instance._roster_m2m = {}
        for attr in M2M_FIELDS:
            field = self.fields[attr]
            if field.column_name not in row:
                continue
            try:
                instance._roster_m2m[attr] = field.clean(row)
            except ValueError as e:
                errors[attr] = [str(e)]
        id_number = instance.id_number
        if id_number and "id_number" not in errors:
            first = self._seen.setdefault(id_number, kwargs.get("row_number", 0))
            if first != kwargs.get("row_number", 0):
                errors["id_number"] = [f"身份证号「{id_number}」与第{first + 1}行重复"]
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged rows are skipped (and reported as 无变化); changed columns are noted."""
        if import_validation_errors:
            return False
        before = self._snapshots.get(instance.id_number) if instance.pk else None
        changes = []
        for name, field in self.fields.items():
            if field.column_name not in row or name == "id_number":
                continue
            if name in M2M_FIELDS:
                new = LIST_SEPARATOR.join(
                    sorted(field.widget.key(o) for o in instance._roster_m2m.get(name, []))
                )
            else:
                new = field.export(instance)
            old = before[name] if before else ""
            if old != new:
                changes.append((field.column_name, old, new))
        instance._roster_changes = changes
        return before is not None and not changes

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        written = [
            r.instance
            for r in result.rows
            if r.import_type in ("new", "update") and r.instance is not None and r.instance.pk
        ]
        for attr in M2M_FIELDS:
            rows = [(m, m._roster_m2m[attr]) for m in written if attr in getattr(m, "_roster_m2m", {})]
            if not rows:
                continue
            through = getattr(Member, attr).through
            target = "specialcommittee_id" if attr == "special_committees" else "term_id"
            through.objects.filter(member_id__in=[m.pk for m, _ in rows]).delete()
            through.objects.bulk_create(
                [through(member_id=m.pk, **{target: o.pk}) for m, objs in rows for o in objs],
                batch_size=2000,
            )
