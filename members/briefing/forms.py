"""Forms validate shape only; business rules live in services."""

from django.utils import timezone

from cppcc import forms
from cppcc.uploads import allowed_types_text, max_size_text
from members.models import HandlingUnit, Member, Role, Sector, SpecialCommittee, User, WorkCommittee

from . import audiences
from .models import Announcement, Attendance, Folder, Visibility

FILE_HELP = f"允许的类型:{allowed_types_text()};单个文件不超过 {max_size_text()}。"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (validated by content in the service)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class AnnouncementForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Announcement.Kind.choices)
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 8}))
    audience_kind = forms.ChoiceField(label="发送范围", choices=())
    sector = forms.ModelChoiceField(
        label="界别", queryset=Sector.objects.filter(is_active=True), required=False
    )
    special_committee = forms.ModelChoiceField(
        label="专委会", queryset=SpecialCommittee.objects.filter(is_active=True), required=False
    )
    work_committee = forms.ModelChoiceField(
        label="镇街工委", queryset=WorkCommittee.objects.filter(is_active=True), required=False
    )
    units = forms.ModelMultipleChoiceField(
        label="承办单位",
        queryset=HandlingUnit.objects.filter(is_active=True),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="发送范围为“承办单位”时选择,可按住 Ctrl 多选",
    )
    people = forms.ModelMultipleChoiceField(
        label="指定人员",
        queryset=User.objects.filter(is_active=True).exclude(role=Role.ADMIN).order_by("role", "name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="发送范围为“指定人员”时选择,可按住 Ctrl 多选",
    )
    audience_object_id = forms.TypedChoiceField(
        label="范围对象", coerce=int, required=False, empty_value=None
    )
    receipt = forms.ChoiceField(
        label="回执", choices=Announcement.Receipt.choices, initial=Announcement.Receipt.NONE
    )
    read_by = forms.DateField(label="阅读期限", required=False, help_text="到期仍未阅读的人将收到一次提醒")
    files = MultipleFileField(label="附件", help_text=FILE_HELP)
    publish = forms.BooleanField(label="立即发布(不勾选则保存为草稿)", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience_kind"].choices = audiences.kind_choices()
        extra = [(pk, label) for e in audiences.EXTRA.values() for pk, label in e.choices()]
        if extra:
            self.fields["audience_object_id"].choices = [("", "—")] + extra
        else:
            del self.fields["audience_object_id"]
        self.fields["title"].error_messages["required"] = "请填写标题。"
        self.fields["body"].error_messages["required"] = "请填写正文。"


class ReceiptForm(forms.Form):
    text = forms.CharField(
        label="回执内容", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class FolderForm(forms.Form):
    name = forms.CharField(label="分类名称", max_length=100)
    parent = forms.ModelChoiceField(
        label="上级分类", queryset=Folder.objects.filter(parent=None), required=False
    )


class DocumentForm(forms.Form):
    folder = forms.ModelChoiceField(label="分类", queryset=Folder.objects.all())
    title = forms.CharField(label="标题", max_length=200)
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    visibility = forms.ChoiceField(label="可见范围", choices=Visibility.choices)
    sector = forms.ModelChoiceField(
        label="界别", queryset=Sector.objects.filter(is_active=True), required=False
    )
    special_committee = forms.ModelChoiceField(
        label="专委会", queryset=SpecialCommittee.objects.filter(is_active=True), required=False
    )
    work_committee = forms.ModelChoiceField(
        label="镇街工委", queryset=WorkCommittee.objects.filter(is_active=True), required=False
    )
    file = forms.FileField(label="文件", help_text=FILE_HELP)
    note = forms.CharField(label="版本说明", max_length=200, required=False)


class VersionForm(forms.Form):
    file = forms.FileField(label="新版本文件", help_text=FILE_HELP)
    note = forms.CharField(label="版本说明", max_length=200, required=False)


class CourseForm(forms.Form):
    title = forms.CharField(label="培训班名称", max_length=200)
    year = forms.IntegerField(
        label="年度", min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year
    )
    organiser = forms.CharField(label="主办", max_length=100, initial="市政协办公室")
    description = forms.CharField(label="简介", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    materials = forms.ModelMultipleChoiceField(
        label="学习资料(来自资料库)",
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["materials"].queryset = documents


class SessionForm(forms.Form):
    date = forms.DateField(label="日期")
    topic = forms.CharField(label="课程内容", max_length=200)
    place = forms.CharField(label="地点", max_length=200, required=False)


class EnrolMembersForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label="报名委员",
        queryset=Member.objects.filter(is_active=True).order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text="可按住 Ctrl 多选",
    )


ATTENDANCE_CHOICES = Attendance.Mark.choices


class CollectionForm(forms.Form):
    title = forms.CharField(label="专题名称", max_length=200)
    year = forms.IntegerField(
        label="年度", min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year
    )
    theme = forms.CharField(label="征集说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    editor_note = forms.CharField(
        label="编者按/前言", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PieceForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 12}))
    files = MultipleFileField(label="照片和文件", help_text=FILE_HELP)
    caption = forms.CharField(label="照片说明", max_length=200, required=False)


class PieceActionForm(forms.Form):
    note = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
