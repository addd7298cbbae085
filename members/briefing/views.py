"""Thin views: parse input, call one service or selector, render. Objects a user may not see answer
404 (an announcement outside one's audience, its files, a document outside one's visibility)."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cppcc.params import id_param
from cppcc.uploads import serve_file
from cppcc.views import xlsx_response
from cppcc.workflow import TransitionNotAllowed
from cppcc.workflow_views import error_text

from . import forms, permissions, selectors, services
from .models import (
    Announcement,
    AnnouncementAttachment,
    Attendance,
    Collection,
    Course,
    Document,
    DocumentVersion,
    Folder,
    Piece,
    PieceFile,
    TrainingSession,
)
from .workflow import PIECE_FLOW

PAGE_SIZE = 30


def _year(request) -> int | None:
    year = id_param(request.GET.get("year"))
    return year if year and 2000 <= year <= 2100 else None


def _manage_only(request) -> None:
    if not permissions.can_manage(request.user):
        raise PermissionDenied("只有政协机关工作人员可以进行此操作。")


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


# --- announcements ----------------------------------------------------------------------------------
def announcement_list(request):
    q = request.GET.get("q", "").strip()[:100]
    if permissions.can_manage(request.user):
        page = _page(request, selectors.announcement_list_for_staff(year=_year(request), q=q))
        return render(request, "briefing/announcement_list.html", {"page_obj": page, "q": q, "staff": True})
    page = _page(request, selectors.announcement_inbox(user=request.user))
    return render(request, "briefing/announcement_inbox.html", {"page_obj": page})


def announcement_create(request):
    _manage_only(request)
    form = forms.AnnouncementForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                announcement = services.announcement_create(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, error_text(exc))
            else:
                if announcement.is_published:
                    messages.success(request, f"已发布,接收人 {announcement.recipient_count} 人。")
                else:
                    messages.success(request, "草稿已保存。")
                return redirect(announcement)
        else:
            messages.error(request, "请检查标记的字段。")
    return render(request, "briefing/announcement_form.html", {"form": form})


def _announcement_or_404(request, pk: int) -> Announcement:
    try:
        announcement = selectors.announcement_get(pk=pk)
    except Announcement.DoesNotExist:
        raise Http404("通知不存在。") from None
    if not permissions.can_view_announcement(request.user, announcement):
        raise Http404("通知不存在。")
    return announcement


def announcement_detail(request, pk: int, receipt_form=None):
    announcement = _announcement_or_404(request, pk)
    recipient = None
    if announcement.is_published and request.method == "GET":
        recipient = services.announcement_open(announcement=announcement, user=request.user)
    elif announcement.is_published:
        recipient = selectors.announcement_recipient(announcement=announcement, user=request.user)
    staff = permissions.can_manage(request.user)
    return render(
        request,
        "briefing/announcement_detail.html",
        {
            "announcement": announcement,
            "recipient": recipient,
            "attachments": list(announcement.attachments.all()),
            "staff": staff,
            "summary": selectors.announcement_read_summary(announcement=announcement) if staff else None,
            "receipt_form": receipt_form or forms.ReceiptForm(),
        },
    )


@require_POST
def announcement_publish(request, pk: int):
    _manage_only(request)
    announcement = _announcement_or_404(request, pk)
    try:
        announcement = services.announcement_publish(announcement=announcement, by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"已发布,接收人 {announcement.recipient_count} 人。")
    return redirect(announcement)


@require_POST
def announcement_receipt(request, pk: int):
    announcement = _announcement_or_404(request, pk)
    form = forms.ReceiptForm(request.POST)
    if form.is_valid():
        try:
            services.announcement_receipt(
                announcement=announcement, user=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return announcement_detail(request, pk, receipt_form=form)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect(announcement)
        messages.success(request, "回执已提交。")
        return redirect(announcement)
    messages.error(request, "回执内容不能超过2000字。")
    return announcement_detail(request, pk, receipt_form=form)


def announcement_attachment(request, pk: int):
    attachment = get_object_or_404(AnnouncementAttachment.objects.select_related("announcement"), pk=pk)
    if not permissions.can_view_announcement(request.user, attachment.announcement):
        raise Http404("文件不存在。")
    return serve_file(attachment.file, attachment.name)


def announcement_readers(request, pk: int):
    _manage_only(request)
    announcement = _announcement_or_404(request, pk)
    state = request.GET.get("state", "")
    if state not in selectors.READ_FILTERS:
        state = ""
    page = Paginator(selectors.announcement_readers(announcement=announcement, state=state), 100).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "briefing/announcement_readers.html",
        {
            "announcement": announcement,
            "page_obj": page,
            "state": state,
            "summary": selectors.announcement_read_summary(announcement=announcement),
        },
    )


def announcement_receipts_export(request, pk: int):
    _manage_only(request)
    announcement = _announcement_or_404(request, pk)
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "回执"
    ws.append(["姓名", "界别/单位", "阅读时间", "回执时间", "回执内容"])
    fmt = "%Y-%m-%d %H:%M"
    for r in selectors.announcement_readers(announcement=announcement).iterator(chunk_size=2000):
        member = getattr(r.user, "member", None)
        where = (
            member.sector.name if member else (r.user.handling_unit.name if r.user.handling_unit_id else "")
        )
        ws.append(
            [
                r.user.display_name,
                where,
                timezone.localtime(r.read_at).strftime(fmt) if r.read_at else "未读",
                timezone.localtime(r.receipt_at).strftime(fmt) if r.receipt_at else "",
                r.receipt_text,
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return xlsx_response(out.getvalue(), f"回执-{announcement.title[:40]}.xlsx")


# --- library --------------------------------------------------------------------------------------------
def library(request):
    if not permissions.can_use_library(request.user):
        raise PermissionDenied("您的角色无权访问资料库。")
    q = request.GET.get("q", "").strip()[:100]
    folder = None
    folder_id = id_param(request.GET.get("folder"))
    if folder_id:
        folder = Folder.objects.filter(pk=folder_id).first()
    page = _page(request, selectors.document_list(user=request.user, folder=folder, q=q))
    return render(
        request,
        "briefing/library.html",
        {
            "page_obj": page,
            "q": q,
            "folder": folder,
            "folders": selectors.folder_tree(),
            "can_manage": permissions.can_manage(request.user),
        },
    )


def folder_create(request):
    _manage_only(request)
    form = forms.FolderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            folder = services.folder_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("name", error_text(exc))
        else:
            messages.success(request, f"分类「{folder.name}」已创建。")
            return redirect(f"{reverse('briefing:library')}?folder={folder.pk}")
    return render(
        request,
        "briefing/simple_form.html",
        {"form": form, "title": "新建资料分类", "back": reverse("briefing:library")},
    )


def document_create(request):
    _manage_only(request)
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                document = services.document_create(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, "资料已上传。")
                return redirect(document)
        else:
            messages.error(request, "请检查标记的字段。")
    return render(
        request,
        "briefing/simple_form.html",
        {"form": form, "title": "上传资料", "back": reverse("briefing:library"), "multipart": True},
    )


def _document_or_404(request, pk: int) -> Document:
    document = (
        Document.objects.select_related("folder", "sector", "special_committee", "work_committee")
        .filter(pk=pk)
        .first()
    )
    if document is None or not permissions.can_view_document(request.user, document):
        raise Http404("资料不存在。")
    return document


def document_detail(request, pk: int, version_form=None):
    document = _document_or_404(request, pk)
    return render(
        request,
        "briefing/document_detail.html",
        {
            "document": document,
            "versions": list(selectors.document_versions(document=document)),
            "can_manage": permissions.can_manage(request.user),
            "version_form": version_form or forms.VersionForm(),
        },
    )


def document_download(request, pk: int):
    document = _document_or_404(request, pk)
    version = selectors.document_latest_version(document=document)
    if version is None:
        raise Http404("文件不存在。")
    return serve_file(version.file, version.name)


def version_download(request, pk: int):
    version = get_object_or_404(DocumentVersion.objects.select_related("document"), pk=pk)
    if not permissions.can_view_document(request.user, version.document):
        raise Http404("文件不存在。")
    return serve_file(version.file, version.name)


@require_POST
def document_version_add(request, pk: int):
    _manage_only(request)
    document = _document_or_404(request, pk)
    form = forms.VersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            version = services.document_add_version(document=document, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, f"已上传第 {version.number} 版,旧版本保留在版本记录中。")
            return redirect(document)
    else:
        messages.error(request, "请选择文件。")
    return document_detail(request, pk, version_form=form)


# --- training -------------------------------------------------------------------------------------------
def _training_guard(request) -> None:
    if not permissions.can_view_training(request.user):
        raise PermissionDenied("您的角色无权访问培训。")


def course_list(request):
    _training_guard(request)
    member = permissions._member(request.user)
    page = _page(request, selectors.course_list(year=_year(request), member=member))
    return render(
        request,
        "briefing/course_list.html",
        {
            "page_obj": page,
            "can_manage": permissions.can_manage(request.user),
            "is_member": member is not None,
        },
    )


def course_create(request):
    _manage_only(request)
    documents = selectors.visible_documents(user=request.user).order_by("title")
    form = forms.CourseForm(request.POST or None, documents=documents)
    if request.method == "POST":
        if form.is_valid():
            try:
                course = services.course_create(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(request, "培训班已创建,请添加课次。")
                return redirect(course)
        else:
            messages.error(request, "请检查标记的字段。")
    return render(
        request,
        "briefing/simple_form.html",
        {"form": form, "title": "新建培训班", "back": reverse("briefing:course_list")},
    )


def _course_or_404(request, pk: int) -> Course:
    _training_guard(request)
    course = Course.objects.filter(pk=pk).first()
    if course is None:
        raise Http404("培训班不存在。")
    return course


def course_detail(request, pk: int, session_form=None, enrol_form=None):
    course = _course_or_404(request, pk)
    member = permissions._member(request.user)
    can_manage = permissions.can_manage(request.user)
    enrolments = list(selectors.course_enrolments(course=course))
    materials = list(selectors.visible_documents(user=request.user).filter(courses=course).order_by("title"))
    return render(
        request,
        "briefing/course_detail.html",
        {
            "course": course,
            "sessions": list(selectors.course_sessions(course=course)),
            "enrolments": enrolments if can_manage else [],
            "enrolled_count": len(enrolments),
            "enrolled": member is not None and any(e.member_id == member.pk for e in enrolments),
            "is_member": member is not None,
            "materials": materials,
            "question_count": course.questions.count(),
            "attempt": selectors.quiz_attempt(course=course, member=member),
            "can_manage": can_manage,
            "today": timezone.localdate(),
            "session_form": session_form or forms.SessionForm(),
            "enrol_form": enrol_form or forms.EnrolMembersForm(),
        },
    )


@require_POST
def course_enrol(request, pk: int):
    course = _course_or_404(request, pk)
    try:
        if request.POST.get("action") == "withdraw":
            services.course_withdraw(course=course, by=request.user)
            messages.success(request, "已取消报名。")
        else:
            services.course_enrol(course=course, by=request.user)
            messages.success(request, "报名成功。")
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect(course)


@require_POST
def course_enrol_members(request, pk: int):
    _manage_only(request)
    course = _course_or_404(request, pk)
    form = forms.EnrolMembersForm(request.POST)
    if form.is_valid():
        added = services.course_enrol_members(
            course=course, by=request.user, members=form.cleaned_data["members"]
        )
        messages.success(request, f"已为 {added} 位委员报名。")
        return redirect(course)
    messages.error(request, "请选择委员。")
    return course_detail(request, pk, enrol_form=form)


@require_POST
def session_add(request, pk: int):
    _manage_only(request)
    course = _course_or_404(request, pk)
    form = forms.SessionForm(request.POST)
    if form.is_valid():
        try:
            services.session_add(course=course, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, "课次已添加。")
            return redirect(course)
    else:
        messages.error(request, "请填写日期和课程内容。")
    return course_detail(request, pk, session_form=form)


def attendance(request, pk: int):
    _manage_only(request)
    session = get_object_or_404(TrainingSession.objects.select_related("course"), pk=pk)
    posted: dict[str, str] = {}
    if request.method == "POST":
        marks: dict[int, str] = {}
        bad = False
        for key, value in request.POST.items():
            if key.startswith("att_"):
                member_id = id_param(key[4:])
                if member_id is None:
                    bad = True
                    continue
                marks[member_id] = value
        posted = {str(k): v for k, v in marks.items()}
        try:
            if bad:
                raise ValidationError("出勤名单中有无效的人员,请刷新页面后重新登记。")
            changed = services.attendance_record(session=session, marks=marks, by=request.user)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, f"出勤已登记(更新 {changed} 人)。")
            return redirect(session.course)
    rows = [
        (e, posted.get(str(e.member_id), mark)) for e, mark in selectors.attendance_sheet(session=session)
    ]
    return render(
        request,
        "briefing/attendance.html",
        {"session": session, "rows": rows, "choices": Attendance.Mark.choices},
    )


def quiz(request, pk: int):
    course = _course_or_404(request, pk)
    member = permissions._member(request.user)
    if member is None:
        raise PermissionDenied("只有委员可以参加测验。")
    questions = list(course.questions.all())
    if not questions:
        raise Http404("该培训班没有测验。")
    attempt = selectors.quiz_attempt(course=course, member=member)
    chosen: dict[int, int] = {}
    if request.method == "POST" and attempt is None:
        for q in questions:
            value = id_param(request.POST.get(f"q_{q.pk}"))
            if value is not None and value <= len(q.option_list):
                chosen[q.pk] = value
        try:
            attempt = services.quiz_submit(course=course, by=request.user, answers=chosen)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, f"测验已提交:答对 {attempt.score} / {attempt.total} 题。")
            return redirect("briefing:quiz", pk=course.pk)
    if attempt is not None:
        chosen = {int(k): v for k, v in attempt.answers.items()}
    return render(
        request,
        "briefing/quiz.html",
        {"course": course, "questions": [(q, chosen.get(q.pk)) for q in questions], "attempt": attempt},
    )


# --- 文史资料 --------------------------------------------------------------------------------------------
def _wenshi_guard(request) -> None:
    if not permissions.can_view_wenshi(request.user):
        raise PermissionDenied("您的角色无权访问文史资料。")


def collection_list(request):
    _wenshi_guard(request)
    page = _page(request, selectors.collection_list())
    return render(
        request,
        "briefing/collection_list.html",
        {"page_obj": page, "can_manage": permissions.can_manage(request.user)},
    )


def collection_create(request):
    _manage_only(request)
    form = forms.CollectionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            collection = services.collection_create(by=request.user, **form.cleaned_data)
            messages.success(request, "征集专题已创建。")
            return redirect(collection)
        messages.error(request, "请检查标记的字段。")
    return render(
        request,
        "briefing/simple_form.html",
        {"form": form, "title": "发起文史资料征集", "back": reverse("briefing:collection_list")},
    )


def _collection_or_404(request, pk: int) -> Collection:
    _wenshi_guard(request)
    collection = Collection.objects.filter(pk=pk).first()
    if collection is None:
        raise Http404("专题不存在。")
    return collection


def collection_detail(request, pk: int):
    collection = _collection_or_404(request, pk)
    status = request.GET.get("status", "")
    page = _page(
        request, selectors.collection_pieces(collection=collection, user=request.user, status=status)
    )
    return render(
        request,
        "briefing/collection_detail.html",
        {
            "collection": collection,
            "page_obj": page,
            "status": status,
            "statuses": Piece.Status.choices,
            "can_manage": permissions.can_manage(request.user),
            "can_submit": permissions.can_submit_piece(request.user) and collection.is_open,
            "accepted": selectors.accepted_pieces(collection=collection).count(),
        },
    )


def piece_create(request, pk: int):
    collection = _collection_or_404(request, pk)
    if not permissions.can_submit_piece(request.user):
        raise PermissionDenied("只有委员可以投稿。")
    return _piece_form(request, collection=collection, piece=None)


def _piece_or_404(request, pk: int) -> Piece:
    try:
        piece = selectors.piece_get(pk=pk)
    except Piece.DoesNotExist:
        raise Http404("稿件不存在。") from None
    if not permissions.can_view_piece(request.user, piece):
        raise Http404("稿件不存在。")
    return piece


def piece_edit(request, pk: int):
    piece = _piece_or_404(request, pk)
    if not PIECE_FLOW.can(piece, "submit", request.user):
        raise PermissionDenied("该稿件当前不能修改。")
    return _piece_form(request, collection=piece.collection, piece=piece)


def _piece_form(request, *, collection: Collection, piece: Piece | None):
    initial = {"title": piece.title, "body": piece.body} if piece else None
    form = forms.PieceForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                piece = services.piece_save(
                    by=request.user,
                    collection=collection,
                    piece=piece,
                    title=data["title"],
                    body=data["body"],
                    files=data["files"],
                    captions=[data["caption"]] * len(data["files"]),
                )
                if request.POST.get("submit") == "1":
                    piece = services.piece_action(piece=piece, action="submit", by=request.user)
            except (ValidationError, TransitionNotAllowed) as exc:
                messages.error(request, error_text(exc))
            else:
                messages.success(
                    request,
                    "稿件已投稿,等待编辑审核。" if piece.status == Piece.Status.SUBMITTED else "草稿已保存。",
                )
                return redirect(piece)
        else:
            messages.error(request, "请检查标记的字段。")
    return render(
        request, "briefing/piece_form.html", {"form": form, "collection": collection, "piece": piece}
    )


def piece_detail(request, pk: int, action_form=None):
    piece = _piece_or_404(request, pk)
    return render(
        request,
        "briefing/piece_detail.html",
        {
            "piece": piece,
            "actions": PIECE_FLOW.available(piece, request.user),
            "action_form": action_form or forms.PieceActionForm(),
            "files": list(piece.files.all()),
            "events": list(piece.events.all()),
        },
    )


@require_POST
def piece_action(request, pk: int, action: str):
    piece = _piece_or_404(request, pk)
    form = forms.PieceActionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        piece = services.piece_action(piece=piece, action=action, by=request.user, note=note)
    except TransitionNotAllowed as exc:
        messages.error(request, str(exc))
        response = piece_detail(request, pk, action_form=form)
        response.status_code = 400
        return response
    messages.success(request, f"稿件{piece.get_status_display()}。")
    return redirect(piece)


def piece_file(request, pk: int):
    attachment = get_object_or_404(PieceFile.objects.select_related("piece"), pk=pk)
    if not permissions.can_view_piece(request.user, attachment.piece):
        raise Http404("文件不存在。")
    return serve_file(attachment.file, attachment.name)


def volume_pdf(request, pk: int):
    collection = _collection_or_404(request, pk)
    if not permissions.can_view_figures(request.user) and not permissions.can_manage(request.user):
        raise PermissionDenied("文史资料汇编由机关工作人员和领导下载。")
    from .rendering import FontMissing
    from .rendering import volume_pdf as render_volume

    try:
        pdf = render_volume(collection=collection)
    except FontMissing as exc:
        messages.error(request, str(exc))
        return redirect(collection)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect(collection)
    response = HttpResponse(pdf, content_type="application/pdf")
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(collection.title[:60])}.pdf"
    return response


# --- figures' drill-down lists -------------------------------------------------------------------------
FIGURE_LISTS = {
    "announcements": "发布的通知公告",
    "recipients": "通知公告接收人次",
    "read": "通知公告已读人次",
    "sessions": "培训课次",
    "attendance": "培训出席人次",
    "pieces": "采用的文史资料稿件",
}


def figure_list(request):
    if not permissions.can_view_figures(request.user):
        raise PermissionDenied("只有机关工作人员和领导可以查看统计。")
    what = request.GET.get("what", "")
    year = _year(request)
    if what not in FIGURE_LISTS or year is None:
        raise Http404("没有这个统计。")
    qs = {
        "announcements": lambda: selectors.announcements_of_year(year=year).order_by("-published_at", "-id"),
        "recipients": lambda: (
            selectors.recipients_of_year(year=year)
            .select_related("announcement", "user")
            .order_by("announcement_id", "id")
        ),
        "read": lambda: (
            selectors.recipients_of_year(year=year, read=True)
            .select_related("announcement", "user")
            .order_by("announcement_id", "id")
        ),
        "sessions": lambda: (
            selectors.sessions_of_year(year=year).select_related("course").order_by("date", "id")
        ),
        "attendance": lambda: (
            selectors.attendance_of_year(year=year)
            .select_related("session", "session__course", "member")
            .order_by("session__date", "id")
        ),
        "pieces": lambda: (
            selectors.accepted_pieces_of_year(year=year)
            .select_related("collection", "author")
            .order_by("accepted_at", "id")
        ),
    }[what]()
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "briefing/figure_list.html",
        {"what": what, "label": FIGURE_LISTS[what], "year": year, "page_obj": page},
    )
