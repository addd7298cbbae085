"""Forms validate shape (what was typed); the services decide the rules and judge the photos."""

from cppcc import forms
from members.models import HandlingUnit, WorkCommittee

from . import photos
from .models import PHOTOS_MAX, TEXT_MAX_CHARS, QuickCategory, QuickKind, QuickReport


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultiplePhotoInput(attrs={"accept": photos.ACCEPT_ATTR, "multiple": True})
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultiplePhotoField, self).clean(f, initial) for f in files]

    @staticmethod
    def upload_check(upload) -> None:
        """How a photo of a form that came back is judged before it is kept (cppcc/kept_uploads.py):
        as the service will judge it, so a kept photo is one the submit accepts."""
        photos.check_count_and_size([upload], max_count=1)
        photos.process(upload, keep_location=False)


class QuickReportForm(forms.Form):
    kind = forms.ChoiceField(
        label="类型", choices=QuickKind.choices, initial=QuickKind.SUGGESTION, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label="反映的问题",
        max_length=TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_MAX_CHARS, "data-counter": "1"}),
        help_text=f"写清楚问题和建议,不超过{TEXT_MAX_CHARS}字。",
        error_messages={"max_length": f"内容不能超过{TEXT_MAX_CHARS}字(现有%(show_value)d字)。"},
    )
    category = forms.ModelChoiceField(
        label="类别",
        queryset=QuickCategory.objects.filter(is_active=True),
        empty_label="请选择",
        error_messages={"invalid_choice": "请从列表中选择类别。"},
    )
    work_committee = forms.ModelChoiceField(
        label="所在镇街",
        queryset=WorkCommittee.objects.filter(is_active=True),
        empty_label="请选择镇街",
        error_messages={"invalid_choice": "所在镇街不在本市镇街列表中,请从列表中选择。"},
    )
    address = forms.CharField(
        label="具体地点",
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "如:稠城街道县前街与工人路交叉口"}),
    )
    latitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput)
    longitude = forms.DecimalField(required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput)
    photos = MultiplePhotoField(label="照片", help_text=photos.limits_text(PHOTOS_MAX))
    keep_location = forms.BooleanField(label="照片保留拍摄位置(GPS)信息", required=False)
    on_behalf_of = forms.CharField(
        label="代为反映的群众(姓名或联系方式,可不填)", max_length=100, required=False
    )

    def clean_photos(self):
        files = self.cleaned_data.get("photos") or []
        photos.check_count_and_size(files, max_count=PHOTOS_MAX)
        return files


class NoteForm(forms.Form):
    note = forms.CharField(
        label="说明", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000, required=False
    )


class RequiredNoteForm(forms.Form):
    note = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class RouteForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="承办单位",
        queryset=HandlingUnit.objects.filter(is_active=True),
        empty_label="请选择承办单位",
        error_messages={"invalid_choice": "请从列表中选择承办单位。"},
    )
    major = forms.BooleanField(label="重大事项(办理期限按重大事项计算)", required=False)
    note = forms.CharField(
        label="交办意见", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000, required=False
    )

    def __init__(self, *args, report: QuickReport | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if report is not None and report.pk:
            refused = list(report.refused_units.values_list("pk", flat=True))
            if refused:
                self.fields["unit"].queryset = self.fields["unit"].queryset.exclude(pk__in=refused)


class MergeForm(forms.Form):
    into = forms.IntegerField(label="合并到(编号)", min_value=1, max_value=2**31 - 1)
    note = forms.CharField(
        label="说明", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000, required=False
    )


class OpinionForm(forms.Form):
    title = forms.CharField(label="社情民意标题(可不填,默认按内容生成)", max_length=200, required=False)


class AnswerForm(forms.Form):
    text = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    before = MultiplePhotoField(label="整改前照片")
    after = MultiplePhotoField(label="整改后照片", help_text=photos.limits_text(PHOTOS_MAX))


class ConfirmForm(forms.Form):
    note = forms.CharField(
        label="意见(可不填)", widget=forms.Textarea(attrs={"rows": 2}), max_length=500, required=False
    )
