from cppcc import forms

from .models import AnnualReport, ReportSection


class ReportCreateForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)


class ReportHeaderForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["title", "occasion", "speaker", "salutation"]


class SectionForm(forms.ModelForm):
    class Meta:
        model = ReportSection
        fields = ["level", "heading", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
