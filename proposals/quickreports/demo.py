"""Demo quick reports. 2020 holds exactly the seed report's counts through real rows: 180 微建议
("反映了道路施工规范管理、菜市场规划调整、小区餐厨油烟污染等180个具体问题"), 123 随手拍 for 文明创建
("发现……等120余个问题") and 210 群众诉求 collected by the 镇街工委 ("200+"), bulk-created in final
states with their timeline and duty events. Live items of today go through the services (with
photos) so the demo logins each find work: the member an answer to confirm, the unit a report
to answer, staff a triage queue. Idempotent: nothing is created when 2020's reports exist.
"""

from __future__ import annotations

import datetime as dt
import io
import random

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cppcc.demo import DemoContext
from cppcc.workdays import add_workdays
from members.models import DutyEvent, DutyRule, HandlingUnit, Member, User, WorkCommittee

from . import services
from .models import QuickCategory, QuickEvent, QuickKind, QuickReport, QuickStatus

COUNTS_2020 = {QuickKind.SUGGESTION: 180, QuickKind.SNAPSHOT: 123, QuickKind.APPEAL: 210}
COUNTS_2019 = {QuickKind.SUGGESTION: 142, QuickKind.SNAPSHOT: 88, QuickKind.APPEAL: 176}

# (text, category, unit)
PROBLEMS = {
    QuickKind.SUGGESTION: [
        (
            "道路施工围挡长期占用车道,施工时间过长,建议规范施工管理、错峰作业并设置绕行提示。",
            "交通出行",
            "市住房和城乡建设局",
        ),
        (
            "菜市场规划调整后,周边居民买菜要多走两公里,建议增设便民菜点或开通接驳。",
            "市场监管",
            "市市场发展委员会",
        ),
        (
            "小区底商餐饮店餐厨油烟直排,居民常年不能开窗,建议督促安装油烟净化设施。",
            "生态环保",
            "金华市生态环境局义乌分局",
        ),
        ("学校门口上下学时段车辆拥堵,建议设置临时停靠区并增派护学岗。", "交通出行", "市公安局"),
        ("老旧小区雨污管道堵塞,一下雨就积水,建议纳入有机更新计划整治。", "城市管理", "市水务局"),
        ("夜间渣土车、货车鸣笛噪音扰民,建议限定通行时段。", "社会治理", "市公安局"),
        ("公交线路调整后末班车提前,夜班务工人员回家不便,建议延长末班时间。", "交通出行", "市交通运输局"),
        ("社区卫生服务站周末不开诊,老人配药不便,建议实行错时服务。", "教育医疗", "市卫生健康局"),
    ],
    QuickKind.SNAPSHOT: [
        ("机动车道被违停车辆长期侵占,公交车无法进站。", "市容环境", "市公安局"),
        ("人行道被电动车、货物堆放侵占,行人只能走机动车道。", "市容环境", "市综合行政执法局"),
        ("人行道护栏破损倒伏,存在安全隐患。", "公共设施", "市住房和城乡建设局"),
        ("窨井盖缺失,夜间行人容易踩空。", "公共设施", "市住房和城乡建设局"),
        ("电线杆、公交站牌上小广告密布,影响市容。", "市容环境", "市综合行政执法局"),
        ("绿化带内垃圾堆积,无人清理。", "市容环境", "市综合行政执法局"),
        ("盲道被共享单车堵塞。", "市容环境", "市综合行政执法局"),
    ],
    QuickKind.APPEAL: [
        ("村民反映村道破损坑洼,雨天泥泞,希望尽快硬化。", "公共设施", "市农业农村局"),
        ("居民反映小区停车位不足,夜间车辆乱停占用消防通道。", "社会治理", "市住房和城乡建设局"),
        ("村里老人希望开办老年食堂,解决独居老人吃饭难。", "社会治理", "市民政局"),
        ("群众反映农村公厕年久失修、无人保洁。", "市容环境", "市农业农村局"),
        ("商户反映市场周边快递车辆乱停,影响经营。", "市场监管", "市市场发展委员会"),
        ("居民反映自来水水压不足,高层住户用水困难。", "城市管理", "市水务局"),
    ],
}
ROADS = [
    "县前街",
    "工人路",
    "宾王路",
    "稠州北路",
    "春晗路",
    "杨村路",
    "江东中路",
    "城西大街",
    "佛堂大道",
    "雪峰路",
]


def _aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _photo(rng: random.Random, name: str) -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (640, 480), (rng.randint(90, 200), rng.randint(90, 200), rng.randint(90, 200)))
    draw = ImageDraw.Draw(img)
    for _ in range(6):
        x, y = rng.randint(0, 600), rng.randint(0, 440)
        draw.rectangle((x, y, x + rng.randint(20, 120), y + rng.randint(20, 80)), fill=(60, 60, 60))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=70)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def seed(ctx: DemoContext) -> None:
    if QuickReport.objects.filter(submitted_on__year=2020).exists():
        ctx.say("  微建议演示数据已存在,跳过")
        return
    rng = ctx.rng_for("quickreports")
    members = list(
        Member.objects.filter(is_active=True, user__isnull=False).select_related("user").order_by("id")
    )
    towns = list(WorkCommittee.objects.filter(is_active=True).order_by("order", "id"))
    units = {u.name: u for u in HandlingUnit.objects.filter(is_active=True)}
    categories = {c.name: c for c in QuickCategory.objects.all()}
    staff = User.objects.get(username="staff")
    if not members or not towns:
        return
    points = dict(DutyRule.objects.values_list("code", "points"))
    for year, counts in ((2019, COUNTS_2019), (2020, COUNTS_2020)):
        _seed_year(rng, year, counts, members, towns, units, categories, staff, points)
    _seed_live(rng, members, towns, units, categories, staff)
    ctx.say(f"  微建议与随手拍:2020年{sum(COUNTS_2020.values())}条,今日待办若干")


def _seed_year(rng, year, counts, members, towns, units, categories, staff, points) -> None:
    reports: list[QuickReport] = []
    for kind, count in counts.items():
        for _ in range(count):
            text, category, unit_name = rng.choice(PROBLEMS[kind])
            day = dt.date(year, 1, 2) + dt.timedelta(days=rng.randint(0, 350))
            town = rng.choice(towns)
            member = rng.choice(members)
            unit = units.get(unit_name)
            fate = rng.random()
            r = QuickReport(
                kind=kind,
                text=text,
                category=categories.get(category) or next(iter(categories.values())),
                address=f"{town.name}{rng.choice(ROADS)}{rng.randint(1, 300)}号附近",
                work_committee=town,
                member=member,
                submitted_by=member.user,
                submitted_at=_aware(day, rng.randint(8, 21)),
                submitted_on=day,
                triage_due_on=add_workdays(day, 2),
                on_behalf_of=f"{rng.choice('王李张陈刘杨吴')}姓群众" if kind == QuickKind.APPEAL else "",
            )
            if fate < 0.04 or unit is None:
                r.status, r.close_reason = QuickStatus.CLOSED, "已通过12345热线办结"
            else:
                routed = add_workdays(day, 1)
                r.unit, r.routed_on = unit, routed
                r.due_on = add_workdays(routed, 5)
                r.status = QuickStatus.ROUTED
                if fate < 0.97:
                    late = fate > 0.88
                    answered = add_workdays(routed, rng.randint(6, 9) if late else rng.randint(1, 5))
                    r.answered_on, r.answered_on_time = answered, answered <= r.due_on
                    r.answer_text = "已现场核查并整改到位。" if not late else "已协调相关单位处理,整改完成。"
                    r.status = QuickStatus.ANSWERED
                    if fate < 0.9:
                        r.status, r.resolved_on = QuickStatus.RESOLVED, answered + dt.timedelta(days=2)
            reports.append(r)
    QuickReport.objects.bulk_create(reports)
    ct = ContentType.objects.get_for_model(QuickReport)
    events, duty = [], []
    for r in reports:
        events.append(
            QuickEvent(
                report=r,
                actor=r.submitted_by,
                action="submit",
                label="提交",
                to_state="submitted",
                created_at=r.submitted_at,
            )
        )
        duty.append(
            DutyEvent(
                member=r.member,
                kind_id="quick_submitted",
                date=r.submitted_on,
                points=points["quick_submitted"],
                title=r.summary,
                source_type=ct,
                source_id=r.pk,
            )
        )
        if r.status == QuickStatus.CLOSED:
            events.append(
                QuickEvent(
                    report=r,
                    actor=staff,
                    action="close",
                    label="关闭",
                    from_state="submitted",
                    to_state="closed",
                    note=r.close_reason,
                    created_at=_aware(r.submitted_on, 17),
                )
            )
            continue
        events.append(
            QuickEvent(
                report=r,
                actor=staff,
                action="route",
                label="交办承办单位",
                from_state="submitted",
                to_state="routed",
                note=f"交{r.unit.name}办理,一般事项,期限{r.due_on:%Y年%m月%d日}。",
                created_at=_aware(r.routed_on, 9),
            )
        )
        duty.append(
            DutyEvent(
                member=r.member,
                kind_id="quick_valid",
                date=r.routed_on,
                points=points["quick_valid"],
                title=r.summary,
                source_type=ct,
                source_id=r.pk,
            )
        )
        if r.answered_on:
            events.append(
                QuickEvent(
                    report=r,
                    action="answer",
                    label="答复",
                    from_state="routed",
                    to_state="answered",
                    note=r.answer_text,
                    created_at=_aware(r.answered_on, 16),
                )
            )
        if r.resolved_on:
            events.append(
                QuickEvent(
                    report=r,
                    actor=r.submitted_by,
                    action="resolved",
                    label="已解决",
                    from_state="answered",
                    to_state="resolved",
                    created_at=_aware(r.resolved_on, 20),
                )
            )
    QuickEvent.objects.bulk_create(events)
    DutyEvent.objects.bulk_create(duty)


def _seed_live(rng, members, towns, units, categories, staff) -> None:
    """Today's work for the demo logins, through the real services (photos included)."""
    member = User.objects.filter(username="member").first()
    unit_user = User.objects.filter(username="unit").first()
    if member is None or unit_user is None:
        return
    chengcheng = next((t for t in towns if t.name.startswith("稠城")), towns[0])
    cat = categories.get("市容环境") or next(iter(categories.values()))

    def submit(by, kind, text, **kw):
        return services.quick_report_submit(
            by=by,
            kind=kind,
            text=text,
            category=kw.pop("category", cat),
            address=kw.pop("address", "稠城街道县前街与工人路交叉口"),
            work_committee=kw.pop("work_committee", chengcheng),
            files=kw.pop("files", [_photo(rng, "现场1.jpg"), _photo(rng, "现场2.jpg")]),
            **kw,
        )

    # waiting for the member's confirmation
    r = submit(
        member, QuickKind.SNAPSHOT, "县前街人行道被电动车和货物长期占用,行人只能走机动车道,存在安全隐患。"
    )
    r = services.quick_route(report=r, by=staff, unit=unit_user.handling_unit)
    services.quick_answer(
        report=r,
        by=unit_user,
        text="已会同街道清理占道物品,增设隔离桩4根,并纳入日常巡查。",
        before=[_photo(rng, "整改前.jpg")],
        after=[_photo(rng, "整改后.jpg")],
    )
    # waiting for the unit's answer
    r = submit(
        members[1].user,
        QuickKind.SUGGESTION,
        "宾王路道路施工围挡占用两条车道已三个月,早晚高峰拥堵严重,建议加快施工进度并错峰作业。",
        address="宾王路与稠州中路交叉口",
    )
    services.quick_route(report=r, by=staff, unit=unit_user.handling_unit)
    # waiting for triage
    submit(
        member,
        QuickKind.SUGGESTION,
        "小区楼下新开的烧烤店油烟直排,三楼以上住户不能开窗,建议督促安装油烟净化设施。",
        address="稠城街道绣湖小区3幢",
    )
    submit(
        members[2].user,
        QuickKind.APPEAL,
        "村民反映村口路灯损坏一个多月,夜间出行不便。",
        on_behalf_of="村民代表",
        files=[],
    )
