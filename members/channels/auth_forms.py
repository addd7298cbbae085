from cppcc import forms


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label="手机号",
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "登记的11位手机号"}
        ),
    )


class PhoneCodeForm(forms.Form):
    phone = forms.CharField(label="手机号", max_length=20, widget=forms.HiddenInput)
    code = forms.CharField(
        label="短信验证码",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
        error_messages={"min_length": "请输入6位验证码。"},
    )


class TokenForm(forms.Form):
    token = forms.CharField(
        label="验证码",
        max_length=20,
        help_text="身份验证器(如 FreeOTP、Google/Microsoft Authenticator)显示的6位数字,或一个恢复码。",
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )
