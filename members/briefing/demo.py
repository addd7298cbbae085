"""Demo data of 知情明政 (run by seed_demo after members/; idempotent): the three 倡议书 sent to all
members in 2020 with their read receipts, a few library documents, the 委员履职能力提升培训班 with
sessions, attendance and a quiz, and the 文史 collection 《逆行而上—义乌政协委员抗"疫"笔记》."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.models import Member, User

from . import services
from .models import (
    Announcement,
    AnnouncementRecipient,
    Audience,
    Collection,
    Course,
    Document,
    Folder,
    Piece,
    QuizQuestion,
    Visibility,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

INITIATIVES = [
    (
        dt.date(2020, 1, 27),
        "致全市政协委员的疫情防控倡议书",
        "全市各级政协委员:\n当前,新型冠状病毒感染的肺炎疫情防控形势严峻复杂。市政协向全体委员发出倡议:"
        "带头落实防控措施,带头宣传科学防疫知识,立足岗位、发挥所长,积极参与联防联控,为打赢疫情防控阻击战贡献政协力量。",
        "confirm",
    ),
    (
        dt.date(2020, 4, 10),
        "助力全国文明城市创建倡议书",
        "全市各级政协委员:\n创建全国文明城市是全市人民的共同心愿。连续第三年,市政协向全体委员发出倡议:"
        "争当文明创建的宣传员、监督员、示范员,参与“红黄旗”小区竞赛考评,做文明创建“啄木鸟”,"
        "把身边不文明行为“随手拍”到委员微信群。",
        "none",
    ),
    (
        dt.date(2020, 8, 20),
        "“节约粮食 拒绝浪费”倡议书",
        "全市各级政协委员:\n为弘扬勤俭节约传统美德,市政协向全体委员发出“节约粮食 拒绝浪费”倡议:"
        "带头践行“光盘行动”,在所在单位和界别群众中宣传节约理念,让节约成为习惯。",
        "reply",
    ),
]

DOCUMENTS = [
    ("学习资料", "中国人民政治协商会议章程(2018年修订)", Visibility.ALL_MEMBERS),
    ("学习资料", "政协委员履职手册(义乌市政协编)", Visibility.ALL_MEMBERS),
    ("会议文件", "政协义乌市第十三届委员会第四次会议文件汇编", Visibility.ALL_MEMBERS),
    ("政策文件", "义乌市疫情防控和复工复产政策汇编", Visibility.ALL_MEMBERS),
    ("会议文件", "机关年度工作要点(内部)", Visibility.STAFF),
]

SESSIONS = [
    (dt.date(2020, 10, 13), "新时代人民政协理论与实践", "市政协四楼会议室"),
    (dt.date(2020, 10, 14), "如何写好提案和社情民意信息", "市政协四楼会议室"),
    (dt.date(2020, 10, 15), "现场教学:“一村一委员”联系点", "佛堂镇"),
]

QUIZ = [
    ("人民政协的主要职能是?", "政治协商、民主监督、参政议政\n立法、执法、司法\n行政审批", 1),
    ("提案立案后由谁办理?", "提案人本人\n承办单位\n新闻媒体", 2),
    ("“请你来协商”的特点是?", "只有主席台发言\n问·答·辩,不设主席台\n只能线上举行", 2),
]

PIECES = [
    (
        "防疫卡口的第一个春节",
        "除夕夜,我和村里的党员一起守在卡口。寒风里,一张张登记表记下了回乡的乡亲……\n"
        "那些天,我们把测温枪揣在怀里保暖,把热茶递给过往的司机。",
    ),
    (
        "为复工企业跑出“加速度”",
        "2月中旬,企业复工复产遇到用工、物流、资金三道难关。作为经济界别的委员,"
        "我和同事们逐家走访,把问题梳理成社情民意信息报送……",
    ),
    (
        "口罩背后的侨胞情",
        "海外侨胞得知家乡口罩紧缺,连夜联系工厂、包机运回。作为侨联界别委员,"
        "我见证了一批批物资从世界各地汇聚义乌……",
    ),
    (
        "心理热线里的守夜人",
        "疫情期间,我们开通了心理援助热线,接听了上千个电话。每一通电话背后,都是一份焦虑与期盼……",
    ),
]


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def seed(ctx) -> None:
    rng = ctx.rng_for("briefing")
    staff = User.objects.get(username="staff")
    _announcements(ctx, rng, staff)
    documents = _library(staff)
    _training(ctx, rng, staff, documents)
    _wenshi(ctx, rng, staff)


def _announcements(ctx, rng, staff) -> None:
    for day, title, body, receipt in INITIATIVES:
        if Announcement.objects.filter(title=title).exists():
            continue
        a = services.announcement_create(
            by=staff,
            kind=Announcement.Kind.INITIATIVE,
            title=title,
            body=body,
            audience_kind=Audience.ALL_MEMBERS,
            receipt=receipt,
            read_by=None,
            publish=True,
        )
        published = _at(day)
        Announcement.objects.filter(pk=a.pk).update(published_at=published, created_at=published)
        rows = list(AnnouncementRecipient.objects.filter(announcement=a).order_by("pk"))
        for r in rows:
            if rng.random() < 0.88:  # most members read an initiative within a few days
                r.read_at = published + dt.timedelta(hours=rng.randrange(1, 96))
                if receipt != "none" and rng.random() < 0.8:
                    r.receipt_at = r.read_at + dt.timedelta(minutes=rng.randrange(1, 60))
                    r.receipt_text = "已阅,坚决响应倡议。" if receipt == "reply" else ""
        AnnouncementRecipient.objects.bulk_update(
            rows, ["read_at", "receipt_at", "receipt_text"], batch_size=1000
        )
        from members.models import Notification

        Notification.objects.filter(kind=services.NOTICE_KIND, target_id=a.pk).update(created_at=published)
    ctx.say(f"  倡议书 {len(INITIATIVES)} 份(发全体委员)")


def _library(staff) -> list[Document]:
    documents = []
    for folder_name, title, visibility in DOCUMENTS:
        doc = Document.objects.filter(title=title).first()
        if doc is None:
            folder = Folder.objects.get(parent=None, name=folder_name)
            upload = SimpleUploadedFile(f"{title[:20]}.pdf", PDF, content_type="application/pdf")
            doc = services.document_create(
                by=staff, folder=folder, title=title, file=upload, visibility=visibility
            )
        documents.append(doc)
    return documents


def _training(ctx, rng, staff, documents) -> None:
    title = "委员履职能力提升培训班"
    if Course.objects.filter(title=title).exists():
        return
    course = services.course_create(
        by=staff,
        title=title,
        year=2020,
        description="加强委员学习培训,拓展委员视野,增强履职本领。",
        materials=documents[:2],
        sessions=SESSIONS,
    )
    course.enrolment_open = False
    course.save(update_fields=["enrolment_open"])
    members = list(Member.objects.filter(is_active=True, user__isnull=False).order_by("pk"))
    chosen = rng.sample(members, min(60, len(members)))
    demo_member = Member.objects.filter(user__username="member").first()
    if demo_member and demo_member not in chosen:
        chosen.append(demo_member)
    services.course_enrol_members(course=course, by=staff, members=chosen)
    for order, (text, options, answer) in enumerate(QUIZ, start=1):
        QuizQuestion.objects.create(course=course, text=text, options=options, answer=answer, order=order)
    for session in course.sessions.all():
        marks = {m.pk: ("present" if rng.random() < 0.9 else rng.choice(["leave", "absent"])) for m in chosen}
        services.attendance_record(session=session, marks=marks, by=staff)
    ctx.say(f"  培训班 1 个({len(chosen)} 人报名,{len(SESSIONS)} 次课)")


def _wenshi(ctx, rng, staff) -> None:
    title = "逆行而上—义乌政协委员抗“疫”笔记"
    if Collection.objects.filter(title=title).exists():
        return
    collection = services.collection_create(
        by=staff,
        title=title,
        year=2020,
        theme="征集全市政协委员在疫情防控和复工复产中的亲历、亲见、亲闻,文字、照片和资料均可。",
        editor_note="2020年春天,义乌政协委员逆行而上,守卡口、保供应、助复工、送温暖。本书收录委员们的亲历记述,"
        "以存史、资政、团结、育人。",
    )
    authors = list(
        Member.objects.filter(is_active=True, user__isnull=False)
        .exclude(user__username="member")
        .order_by("pk")
    )
    authors = rng.sample(authors, min(len(PIECES) + 1, len(authors)))
    for i, (piece_title, body) in enumerate(PIECES):
        author = authors[i]
        piece = services.piece_save(by=author.user, collection=collection, title=piece_title, body=body)
        piece = services.piece_action(piece=piece, action="submit", by=author.user)
        if i < 3:
            services.piece_action(piece=piece, action="accept", by=staff, note="史料翔实,予以采用。")
        else:
            services.piece_action(
                piece=piece, action="request_changes", by=staff, note="请补充时间、地点和照片。"
            )
    demo_member = Member.objects.filter(user__username="member").first()
    if demo_member is not None:
        services.piece_save(
            by=demo_member.user,
            collection=collection,
            title="我在社区当志愿者",
            body="(草稿)那段日子里,我每天清晨到社区报到……",
        )
    Piece.objects.filter(collection=collection, status=Piece.Status.ACCEPTED).update(
        accepted_at=timezone.make_aware(dt.datetime(2020, 11, 20, 10))
    )
    ctx.say(f"  文史资料专题 1 个(来稿 {len(PIECES)} 篇,采用 3 篇)")
