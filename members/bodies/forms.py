"""Forms validate shape only; business rules live in services."""

from django.utils import timezone

from cppcc import forms
from members.models import Village

from .models import HeardItem


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class VisitForm(forms.Form):
    date = forms.DateField(label="走访日期", error_messages={"required": "请填写走访日期。"})
    village = forms.ModelChoiceField(
        Village.objects.none(), label="联系村", error_messages={"required": "请选择走访的联系村。"}
    )
    items = forms.CharField(
        label="听到的问题或诉求",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="每行一条;提交后可逐条选择处理方式",
    )
    summary = forms.CharField(
        label="走访情况(可选)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    photos = MultipleFileField(label="照片(可选,JPG/PNG)", required=False)

    def __init__(self, *args, villages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages if villages is not None else Village.objects.none()
        if not self.is_bound:
            self.initial.setdefault("date", timezone.localdate())

    def clean_items(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]


class ContactVillageForm(forms.Form):
    village = forms.ModelChoiceField(
        Village.objects.select_related("work_committee"),
        label="添加联系村",
        error_messages={"required": "请选择村(社区)。"},
    )


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label="处理方式",
        choices=[c for c in HeardItem.Outcome.choices if c[0] != HeardItem.Outcome.PENDING],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择处理方式。"},
    )
    title = forms.CharField(label="标题(转社情民意、荐题或提案时使用)", required=False, max_length=100)
    note = forms.CharField(label="说明(当场解决时必填)", required=False, max_length=300)
