"""A file chosen on a form that comes back with an error is kept, for every file input.

Browsers never re-fill a file input, so without this a unit whose reply form came back (a missing
答复类别, 面商 not recorded yet) had to find its letter again. The mechanism has three parts and
no form or view knows about it:

1. **Keep** (when the widget renders): `render_file_widget`, called by the shared widget tag
   (`cppcc/templatetags/portal.py: render_widget`), sees a *bound* form being shown again after a
   POST — a successful submit redirects, so a bound form on the page is one that came back. Each
   file chosen in that field that passes the shared checks (`cppcc.uploads.validate_upload`, or the
   field's own `upload_check`) is stored as a `PendingUpload` (owner, field, original name, file in
   the media storage). The widget then shows "已上传：<文件名>（可重新选择替换）" and a hidden input
   `<field>__kept` with a signed token (django.core.signing) naming the rows, the user and the field.
   A field with an error of its own keeps nothing (its file is what must change).
2. **Restore** (`KeptUploadsMiddleware`, multipart POSTs carrying a `…__kept` input only): a field
   sent without a new file gets its kept files back in `request.FILES`, so the form and the
   service see them exactly as if chosen again. A new file replaces the kept one. A token that was
   tampered with, is older than a day, names another field or was signed for another user is
   ignored (and so are rows of another owner).
3. **Clean up**: after a successful submit (a redirect) the restored rows and their files are
   deleted; the `kept-uploads` job (cppcc/tasks.py, docs/jobs.md) deletes what is older than a day.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import logging
import uuid
from pathlib import PurePath

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from .models import PendingUpload
from .uploads import validate_upload

logger = logging.getLogger(__name__)

SALT = "cppcc.kept_uploads"
SUFFIX = "__kept"
MAX_AGE = dt.timedelta(days=1)


# --- tokens -------------------------------------------------------------------------------------
def make_token(user, field: str, ids: list[int]) -> str:
    return signing.dumps({"u": user.pk, "f": field, "ids": list(ids)}, salt=SALT, compress=True)


def read_token(token: str, user, field: str) -> list[int]:
    """The kept rows a token names, or [] if it is not a valid token of this user for this field."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return []
    if not isinstance(data, dict) or data.get("u") != user.pk or data.get("f") != field:
        return []
    ids = data.get("ids")
    if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
        return []
    return ids


# --- keep ---------------------------------------------------------------------------------------
def _chosen_files(form, name: str) -> list:
    files = form.files
    chosen = files.getlist(name) if hasattr(files, "getlist") else [files.get(name)]
    return [f for f in chosen if f]


def store(user, field: str, upload) -> PendingUpload:
    """Copy one uploaded file into the media storage as a PendingUpload of `user`."""
    original = PurePath(upload.name or "file").name
    ext = original.rsplit(".", 1)[-1].lower()[:10] if "." in original else "bin"
    row = PendingUpload(
        owner=user,
        field=field[:200],
        name=original[:255],
        content_type=(getattr(upload, "content_type", "") or "")[:100],
    )
    upload.seek(0)
    row.file.save(f"{uuid.uuid4().hex}.{ext}", upload, save=False)
    upload.seek(0)
    row.save()
    return row


def keep(request, bound_field) -> list[PendingUpload]:
    """The kept files of a file field being rendered (stored now if they were just chosen);
    [] when there is nothing to keep. Called once per field and request (memoised)."""
    form = bound_field.form
    user = getattr(request, "user", None)
    if (
        request is None
        or request.method != "POST"
        or not form.is_bound
        or not getattr(user, "is_authenticated", False)
        or bound_field.errors
    ):
        return []
    memo = request.__dict__.setdefault("_kept_uploads_rendered", {})
    name = bound_field.html_name
    if name in memo:
        return memo[name]
    check = getattr(bound_field.field, "upload_check", None) or validate_upload
    kept = []
    for upload in _chosen_files(form, name):
        row = getattr(upload, "kept_row", None)
        if row is None:
            try:
                check(upload)
                row = store(user, name, upload)
            except ValidationError:  # not a valid file: the user must choose another
                continue
            except Exception:  # closed file, storage down: the page still renders, nothing kept
                logger.exception("kept upload of %s not stored", name)
                continue
        kept.append(row)
    memo[name] = kept
    return kept


def render_file_widget(request, bound_field, attrs: dict) -> str:
    """The file input, and below it the kept file's name with the hidden token (see keep())."""
    kept = keep(request, bound_field)
    if not kept:
        return bound_field.as_widget(attrs=attrs)
    # the kept file stands for the choice: the browser must not insist on a new one
    widget = copy.copy(bound_field.field.widget)
    widget.use_required_attribute = lambda initial: False
    attrs = {
        **attrs,
        "aria-describedby": f"{attrs.get('aria-describedby', '')} {bound_field.auto_id}_kept".strip(),
    }
    names = format_html_join("、", "{}", ((row.name,) for row in kept))
    token = make_token(request.user, bound_field.html_name, [row.pk for row in kept])
    return format_html(
        '{}<div class="form-text text-success kept-upload" id="{}_kept">已上传：{}（可重新选择替换）</div>'
        '<input type="hidden" name="{}{}" value="{}">',
        bound_field.as_widget(widget=widget, attrs=attrs),
        bound_field.auto_id,
        names,
        bound_field.html_name,
        SUFFIX,
        token,
    )


# --- restore ------------------------------------------------------------------------------------
def as_upload(row: PendingUpload) -> SimpleUploadedFile:
    with row.file.open("rb") as fh:
        content = fh.read()
    upload = SimpleUploadedFile(row.name, content, content_type=row.content_type or None)
    upload.kept_row = row
    return upload


def restore(request) -> dict[str, list[PendingUpload]]:
    """Put the kept files of fields sent without a new file back into request.FILES."""
    restored: dict[str, list[PendingUpload]] = {}
    user = request.user
    for key in [k for k in request.POST if k.endswith(SUFFIX)]:
        field = key[: -len(SUFFIX)]
        if not field or any(request.FILES.getlist(field)):
            continue  # a new file replaces the kept one
        ids = read_token(request.POST.get(key, ""), user, field)
        if not ids:
            continue
        rows = {r.pk: r for r in PendingUpload.objects.filter(pk__in=ids, owner=user, field=field)}
        uploads = []
        for pk in ids:
            if pk in rows:
                try:
                    uploads.append(as_upload(rows[pk]))
                except OSError:  # the file is gone (cleaned up): as if none was kept
                    continue
        if uploads:
            request.FILES.setlist(field, uploads)
            restored[field] = [u.kept_row for u in uploads]
    return restored


def discard(rows) -> None:
    """Delete kept rows and, once that is committed, their files."""
    rows = list(rows)
    if not rows:
        return
    names = [r.file.name for r in rows if r.file]
    storage = PendingUpload._meta.get_field("file").storage
    PendingUpload.objects.filter(pk__in=[r.pk for r in rows]).delete()

    def delete_files():
        for name in names:
            with contextlib.suppress(OSError):
                storage.delete(name)

    transaction.on_commit(delete_files)


class KeptUploadsMiddleware:
    """Restores kept files on multipart POSTs that carry a kept-file token; forgets them after a
    successful submit (a redirect). Sits after the authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        restored = getattr(request, "kept_uploads_restored", None)
        if restored and 300 <= response.status_code < 400:
            discard(row for rows in restored.values() for row in rows)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # after the CSRF check (an earlier middleware's process_view) has let the POST through
        if (
            request.method == "POST"
            and request.content_type == "multipart/form-data"
            and getattr(request.user, "is_authenticated", False)
            and any(k.endswith(SUFFIX) for k in request.POST)
        ):
            request.kept_uploads_restored = restore(request)
        return None


# --- the periodic job ---------------------------------------------------------------------------
def purge_scan(*, today=None, now: dt.datetime | None = None) -> int:
    """Delete kept files older than a day (the `kept-uploads` job); returns how many."""
    cutoff = (now or timezone.now()) - MAX_AGE
    rows = list(PendingUpload.objects.filter(created_at__lt=cutoff).only("pk", "file"))
    with transaction.atomic():
        discard(rows)
    return len(rows)
