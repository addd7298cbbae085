"""The delivery channels behind one interface. A channel is off until its settings are filled in
(environment variables, see cppcc/settings/channels.py); `send` raises DeliveryError with a reason
the delivery record keeps. Only the standard library speaks HTTP here, with a timeout; base URLs
are settings so a private deployment (政务网) points them at its own gateway.

- SMS: one HTTP request to the deployment's SMS gateway, built from a template (government SMS
  platforms differ: JSON or form body, header names, where the signature goes).
- 钉钉工作通知: GET {base}/gettoken?appkey=&appsecret= then
  POST {base}/topapi/message/corpconversation/asyncsend_v2?access_token= (errcode 0 is success).
- 企业微信应用消息: GET {base}/cgi-bin/gettoken?corpid=&corpsecret= then
  POST {base}/cgi-bin/message/send?access_token= (errcode 0 is success).
The access tokens are cached (Django cache) until shortly before they expire; an expired-token
answer drops the cached token so the retry fetches a new one.
"""

from __future__ import annotations

import json
import string
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from .models import Channel


class DeliveryError(Exception):
    """A send that did not go through; `retry` False when trying again cannot help."""

    def __init__(self, reason: str, *, retry: bool = True):
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


@dataclass
class Message:
    title: str
    text: str
    url: str = ""  # absolute link to the portal page

    def plain(self, limit: int | None = None) -> str:
        body = f"【{settings.PORTAL_NAME}】{self.title}"
        if self.text:
            body += f"\n{self.text}"
        if self.url:
            body += f"\n{self.url}"
        return body[:limit] if limit else body


def http_request(
    method: str, url: str, *, body: bytes | None = None, headers: dict | None = None
) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=settings.CHANNELS_HTTP_TIMEOUT) as response:  # noqa: S310
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise DeliveryError(
            f"无法连接 {urllib.parse.urlsplit(url).netloc}:{getattr(exc, 'reason', exc)}"
        ) from exc


def _json(status: int, text: str, who: str) -> dict:
    if status >= 500:
        raise DeliveryError(f"{who}返回 HTTP {status}")
    try:
        data = json.loads(text)
    except ValueError:
        raise DeliveryError(f"{who}返回的不是 JSON(HTTP {status})") from None
    if not isinstance(data, dict):
        raise DeliveryError(f"{who}返回格式不正确")
    return data


class BaseChannel:
    code: str
    label: str

    def enabled(self) -> bool:
        raise NotImplementedError

    def address_of(self, user, profile) -> str:
        """Where this person is reached on this channel ('' when unknown)."""
        raise NotImplementedError

    def send(self, *, address: str, message: Message) -> None:
        raise NotImplementedError


class SmsChannel(BaseChannel):
    """SMS_GATEWAY_URL with SMS_GATEWAY_BODY, a template of $phone, $text, $sign (escaped for
    SMS_GATEWAY_FORMAT json or form). A 2xx answer is success unless SMS_GATEWAY_SUCCESS is set and
    not found in the answer."""

    code = Channel.SMS
    label = "短信"
    quiet = True

    def enabled(self) -> bool:
        return bool(settings.SMS_GATEWAY_URL)

    def address_of(self, user, profile) -> str:
        from .selectors import phone_of

        return phone_of(user)

    def render(self, *, address: str, message: Message) -> tuple[bytes, dict]:
        text = message.plain(settings.SMS_MAX_CHARS)
        values = {"phone": address, "text": text, "sign": settings.SMS_GATEWAY_SIGN}
        fmt = settings.SMS_GATEWAY_FORMAT
        if fmt == "json":
            escaped = {k: json.dumps(v, ensure_ascii=False)[1:-1] for k, v in values.items()}
            content_type = "application/json; charset=utf-8"
        else:
            escaped = {k: urllib.parse.quote(v, safe="") for k, v in values.items()}
            content_type = "application/x-www-form-urlencoded; charset=utf-8"
        body = string.Template(settings.SMS_GATEWAY_BODY).substitute(escaped).encode("utf-8")
        headers = {"Content-Type": content_type, **settings.SMS_GATEWAY_HEADERS}
        return body, headers

    def send(self, *, address: str, message: Message) -> None:
        body, headers = self.render(address=address, message=message)
        status, text = http_request(
            settings.SMS_GATEWAY_METHOD, settings.SMS_GATEWAY_URL, body=body, headers=headers
        )
        if not 200 <= status < 300:
            raise DeliveryError(
                f"短信网关返回 HTTP {status}:{text[:200]}", retry=status >= 500 or status == 429
            )
        if settings.SMS_GATEWAY_SUCCESS and settings.SMS_GATEWAY_SUCCESS not in text:
            raise DeliveryError(f"短信网关未确认发送:{text[:200]}")


class _TokenChannel(BaseChannel):
    """Shared by 钉钉 and 企业微信: a cached access token and a JSON API answering errcode."""

    quiet = True
    token_cache_key: str
    expired_codes: tuple[int, ...] = ()

    def fetch_token(self) -> tuple[str, int]:
        raise NotImplementedError

    def token(self) -> str:
        token = cache.get(self.token_cache_key)
        if token:
            return token
        token, expires_in = self.fetch_token()
        cache.set(self.token_cache_key, token, max(60, int(expires_in) - 300))
        return token

    def post(self, url: str, payload: dict) -> dict:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        status, text = http_request("POST", url, body=body, headers={"Content-Type": "application/json"})
        data = _json(status, text, self.label)
        code = data.get("errcode", 0)
        if code in self.expired_codes:
            cache.delete(self.token_cache_key)
        if code != 0:
            raise DeliveryError(f"{self.label}返回错误 {code}:{data.get('errmsg', '')}"[:500])
        return data


class DingTalkChannel(_TokenChannel):
    code = Channel.DINGTALK
    label = "钉钉"
    token_cache_key = "channels:dingtalk:token"
    expired_codes = (40014, 42001, 88)

    def enabled(self) -> bool:
        return bool(settings.DINGTALK_APP_KEY and settings.DINGTALK_APP_SECRET and settings.DINGTALK_AGENT_ID)

    def address_of(self, user, profile) -> str:
        return profile.dingtalk_userid if profile is not None else ""

    def fetch_token(self) -> tuple[str, int]:
        query = urllib.parse.urlencode(
            {"appkey": settings.DINGTALK_APP_KEY, "appsecret": settings.DINGTALK_APP_SECRET}
        )
        status, text = http_request("GET", f"{settings.DINGTALK_BASE_URL.rstrip('/')}/gettoken?{query}")
        data = _json(status, text, "钉钉")
        if data.get("errcode", 0) != 0 or not data.get("access_token"):
            raise DeliveryError(f"钉钉获取 access_token 失败 {data.get('errcode')}:{data.get('errmsg', '')}")
        return data["access_token"], data.get("expires_in", 7200)

    def send(self, *, address: str, message: Message) -> None:
        url = (
            f"{settings.DINGTALK_BASE_URL.rstrip('/')}/topapi/message/corpconversation/asyncsend_v2"
            f"?access_token={urllib.parse.quote(self.token())}"
        )
        self.post(
            url,
            {
                "agent_id": int(settings.DINGTALK_AGENT_ID),
                "userid_list": address,
                "msg": {"msgtype": "text", "text": {"content": message.plain()}},
            },
        )


class WeComChannel(_TokenChannel):
    code = Channel.WECOM
    label = "企业微信"
    token_cache_key = "channels:wecom:token"
    expired_codes = (40014, 42001)

    def enabled(self) -> bool:
        return bool(settings.WECOM_CORP_ID and settings.WECOM_SECRET and settings.WECOM_AGENT_ID)

    def address_of(self, user, profile) -> str:
        return profile.wecom_userid if profile is not None else ""

    def fetch_token(self) -> tuple[str, int]:
        query = urllib.parse.urlencode(
            {"corpid": settings.WECOM_CORP_ID, "corpsecret": settings.WECOM_SECRET}
        )
        status, text = http_request("GET", f"{settings.WECOM_BASE_URL.rstrip('/')}/cgi-bin/gettoken?{query}")
        data = _json(status, text, "企业微信")
        if data.get("errcode", 0) != 0 or not data.get("access_token"):
            raise DeliveryError(
                f"企业微信获取 access_token 失败 {data.get('errcode')}:{data.get('errmsg', '')}"
            )
        return data["access_token"], data.get("expires_in", 7200)

    def send(self, *, address: str, message: Message) -> None:
        url = f"{settings.WECOM_BASE_URL.rstrip('/')}/cgi-bin/message/send?access_token={urllib.parse.quote(self.token())}"
        self.post(
            url,
            {
                "touser": address,
                "msgtype": "text",
                "agentid": int(settings.WECOM_AGENT_ID),
                "text": {"content": message.plain()},
            },
        )


# The channels with a Delivery record, in the order they are tried. E-mail keeps its record on the
# notice itself (Notification.emailed_at / email_attempts / email_error, members/tasks.py).
CHANNELS: dict[str, BaseChannel] = {c.code: c for c in (SmsChannel(), DingTalkChannel(), WeComChannel())}


def channel(code: str) -> BaseChannel:
    return CHANNELS[code]


def enabled_codes() -> list[str]:
    """Channels on in this deployment, e-mail (always available) first."""
    return [Channel.EMAIL] + [code for code, c in CHANNELS.items() if c.enabled()]
