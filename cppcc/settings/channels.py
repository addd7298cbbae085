"""Delivery channels of notices, sign-in by phone code and the second factor (issue 21). Each
channel is off until its variables are set. See docs/notifications.md and README."""

import datetime as dt

import environ

env = environ.Env()


def _time(name: str, default: str) -> dt.time:
    return dt.time.fromisoformat(env(name, default=default))


# Retries of every channel: CHANNELS_MAX_ATTEMPTS tries, waiting BASE, 2×BASE, 4×BASE … (capped).
CHANNELS_MAX_ATTEMPTS = env.int("CHANNELS_MAX_ATTEMPTS", default=5)
CHANNELS_RETRY_BASE_SECONDS = env.int("CHANNELS_RETRY_BASE_SECONDS", default=60)
CHANNELS_RETRY_MAX_SECONDS = env.int("CHANNELS_RETRY_MAX_SECONDS", default=3600)
CHANNELS_HTTP_TIMEOUT = env.float("CHANNELS_HTTP_TIMEOUT", default=10)
# Default quiet hours (no SMS / work messages except urgent notices; a person may change theirs).
CHANNELS_QUIET_START = _time("CHANNELS_QUIET_START", "22:00")
CHANNELS_QUIET_END = _time("CHANNELS_QUIET_END", "07:30")
# A deployment may place notification kinds in a group, e.g. NOTICE_KIND_GROUPS=reply_overdue_leader=urgent
NOTICE_KIND_GROUPS = env.dict("NOTICE_KIND_GROUPS", default={})

# SMS through the deployment's HTTP gateway: the body is SMS_GATEWAY_BODY with $phone, $text, $sign.
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_METHOD = env("SMS_GATEWAY_METHOD", default="POST")
SMS_GATEWAY_FORMAT = env("SMS_GATEWAY_FORMAT", default="json")  # json or form
SMS_GATEWAY_BODY = env(
    "SMS_GATEWAY_BODY", default='{"mobile": "$phone", "content": "$text", "sign": "$sign"}'
)
SMS_GATEWAY_HEADERS = env.json("SMS_GATEWAY_HEADERS", default={})  # e.g. {"X-Api-Key": "…"}
SMS_GATEWAY_SUCCESS = env("SMS_GATEWAY_SUCCESS", default="")  # text an accepted answer contains
SMS_GATEWAY_SIGN = env("SMS_GATEWAY_SIGN", default="义乌政协")
SMS_MAX_CHARS = env.int("SMS_MAX_CHARS", default=300)

# 钉钉 / 政务钉钉 work notifications (base URL of a private deployment's compatible gateway).
DINGTALK_BASE_URL = env("DINGTALK_BASE_URL", default="https://oapi.dingtalk.com")
DINGTALK_APP_KEY = env("DINGTALK_APP_KEY", default="")
DINGTALK_APP_SECRET = env("DINGTALK_APP_SECRET", default="")
DINGTALK_AGENT_ID = env("DINGTALK_AGENT_ID", default="")

# 企业微信 application messages.
WECOM_BASE_URL = env("WECOM_BASE_URL", default="https://qyapi.weixin.qq.com")
WECOM_CORP_ID = env("WECOM_CORP_ID", default="")
WECOM_SECRET = env("WECOM_SECRET", default="")
WECOM_AGENT_ID = env("WECOM_AGENT_ID", default="")

# Sign-in by SMS code (needs the SMS channel): for these roles; limits per number and address.
PHONE_LOGIN_ENABLED = env.bool("PHONE_LOGIN_ENABLED", default=True)
PHONE_LOGIN_ROLES = env.list("PHONE_LOGIN_ROLES", default=["member"])
PHONE_CODE_TTL_SECONDS = env.int("PHONE_CODE_TTL_SECONDS", default=300)
PHONE_CODE_RESEND_SECONDS = env.int("PHONE_CODE_RESEND_SECONDS", default=60)
PHONE_CODE_MAX_PER_HOUR = env.int("PHONE_CODE_MAX_PER_HOUR", default=5)
PHONE_CODE_MAX_PER_HOUR_PER_ADDRESS = env.int("PHONE_CODE_MAX_PER_HOUR_PER_ADDRESS", default=20)
PHONE_CODE_MAX_ATTEMPTS = env.int("PHONE_CODE_MAX_ATTEMPTS", default=5)

# Second factor (TOTP, django-otp) for staff and administrators. Off by default in development
# (demo logins), on in production (cppcc/settings/production.py); anyone with a device set up
# must use it either way.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=False)
TWO_FACTOR_MAX_FAILURES = env.int("TWO_FACTOR_MAX_FAILURES", default=5)
TWO_FACTOR_LOCKOUT_SECONDS = env.int("TWO_FACTOR_LOCKOUT_SECONDS", default=15 * 60)
TWO_FACTOR_RECOVERY_CODES = env.int("TWO_FACTOR_RECOVERY_CODES", default=10)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="义乌市政协履职工作平台")
