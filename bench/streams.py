"""Bench step: the streams added after the proposals (issue 14: "the bench grows with each new
stream") — meetings with invitations, announcements (知情明政) with their recipients, topic calls
(议题征集) with submissions, surveys with responses, and members' visits (走访) with what they heard —
at the volume of a national-scale committee over the generator's ten years, written with COPY.

Volumes at scale 1.0 (STREAMS): 1,500 meetings (150 a year: standing committee, chairs',
secretaries' and other meetings; the plenary roll is consultations.meetings.bench) with 40
invitations each; 800 announcements, 15 % to every member (3,000 recipients), the rest to a
sector- or committee-sized group of about 100; ten yearly topic calls with 400 submissions each; 300
surveys with up to 400 responses; 20,000 visits with two heard items each.

Called by bench/generate.py's Generator as the last step, with its own random.Random so the rows
of the earlier steps stay the same for a given seed."""

from __future__ import annotations

import datetime as dt
import random

STREAMS = {
    "meetings": 1500,
    "meeting_invitations": 40,  # per meeting
    "announcements": 800,
    "topic_calls": 10,
    "topic_submissions": 4000,
    "surveys": 300,
    "survey_responses": 60000,
    "visits": 20000,
}

MEETING_TOPICS = [
    "专题协商会",
    "常委会会议",
    "主席会议",
    "秘书长会议",
    "界别协商座谈会",
    "对口协商会",
    "提案办理协商会",
    "民主监督座谈会",
]
PLACES = ["市政协会议室", "市民广场会议中心", "国际商贸城会议室", "佛堂镇政府会议室", "稠城街道会议室"]
NOTICES = [
    "关于召开常委会会议的通知",
    "关于开展年度履职情况报告的通知",
    "关于征集年度协商议题的通知",
    "关于组织委员视察的通知",
    "关于报送社情民意信息的通知",
    "关于参加委员学习培训的通知",
    "关于做好提案办理答复工作的通知",
    "倡议书:助力乡村振兴",
]
SURVEYS = ["委员履职满意度调查", "年度协商议题排序", "委员学习培训需求调查", "界别活动开展情况调查"]


def stream_counts(scale: float) -> dict[str, int]:
    out = {k: max(1, round(v * scale)) for k, v in STREAMS.items()}
    out["meeting_invitations"] = STREAMS["meeting_invitations"]  # per meeting, at any scale
    out["topic_calls"] = max(2, out["topic_calls"])
    out["surveys"] = max(3, out["surveys"])
    return out


def generate_streams(gen) -> dict[str, int]:
    """`gen` is bench.generate.Generator after its members step; returns the row counts written."""
    from django.utils import timezone

    from bench.generate import copy_rows, next_id, reset_sequence
    from consultations.meetings.models import Meeting, MeetingInvitation, MeetingKind
    from consultations.participation.models import Survey, SurveyResponse, TopicCall, TopicSubmission
    from members.bodies.models import HeardItem, Visit
    from members.briefing.models import Announcement, AnnouncementRecipient

    rng = random.Random(gen.seed * 7919 + 14)
    n = stream_counts(gen.scale)
    tz = timezone.get_current_timezone()
    staff = gen.staff_users[0]
    members = gen.member_ids
    member_users = [gen.member_user[m] for m in members if m in gen.member_user]
    bench_member_user = gen.logins["member"]
    start = dt.date(gen.years[0], 1, 1)
    span = max(1, (gen.today - start).days)

    def day() -> dt.date:
        return start + dt.timedelta(days=rng.randrange(span))

    def at(d: dt.date, hour: int = 9) -> dt.datetime:
        return dt.datetime.combine(d, dt.time(hour, rng.randrange(60)), tzinfo=tz)

    written: dict[str, int] = {}

    # -- meetings and invitations -------------------------------------------------------------------
    kinds = dict(MeetingKind.objects.values_list("code", "pk"))
    kind_codes = [c for c in ("standing", "chairs", "secretaries", "other") if c in kinds] or list(kinds)
    mid, iid = next_id(Meeting), next_id(MeetingInvitation)
    meetings, invitations = [], []
    per = min(n["meeting_invitations"], len(members))
    for _ in range(n["meetings"]):
        d = day()
        past = d < gen.today
        meetings.append(
            (
                mid,
                kinds[rng.choice(kind_codes)],
                f"{d.year}年{rng.choice(MEETING_TOPICS)}",
                d,
                d,
                rng.choice(PLACES),
                "held" if past else "planned",
                "none",
                "",
                staff,
                at(d, 8),
            )
        )
        for member in rng.sample(members, per):
            response = "confirmed" if rng.random() < 0.9 else "leave"
            attendance = ("present" if response == "confirmed" else "leave") if past else ""
            invitations.append((iid, response, "", None, attendance, mid, member, "attend", "", None, None))
            iid += 1
        mid += 1
    written["meetings"] = copy_rows(
        Meeting,
        [
            "id",
            "kind",
            "title",
            "start_date",
            "end_date",
            "place",
            "status",
            "scope",
            "description",
            "created_by",
            "created_at",
        ],
        meetings,
    )
    written["meeting_invitations"] = copy_rows(
        MeetingInvitation,
        [
            "id",
            "response",
            "leave_reason",
            "responded_at",
            "attendance",
            "meeting",
            "member",
            "role",
            "leave_status",
            "leave_decided_by",
            "leave_decided_at",
        ],
        invitations,
    )

    # -- announcements and recipients ---------------------------------------------------------------
    aid = next_id(Announcement)
    announcements, recipients = [], []
    everyone = sorted(set(member_users) | {bench_member_user})
    for i in range(n["announcements"]):
        d = day()
        published = at(d, 10)
        to_all = rng.random() < 0.15 or i % 10 == 0
        users = everyone if to_all else rng.sample(everyone, min(len(everyone), 100))
        receipt = rng.choice(["none", "none", "confirm"])
        announcements.append(
            (
                aid,
                "notice",
                rng.choice(NOTICES),
                "请各位委员按时参加。\n联系人:政协办公室。",
                "all_members",
                "全体委员" if to_all else "部分委员",
                receipt,
                "published",
                staff,
                published,
                staff,
                published,
                len(users),
            )
        )
        for user in users:
            read = published + dt.timedelta(hours=rng.randrange(1, 96)) if rng.random() < 0.7 else None
            receipted = read if read and receipt == "confirm" and rng.random() < 0.8 else None
            recipients.append((aid, user, read, receipted, ""))
        aid += 1
    written["announcements"] = copy_rows(
        Announcement,
        [
            "id",
            "kind",
            "title",
            "body",
            "audience_kind",
            "audience_label",
            "receipt",
            "status",
            "created_by",
            "created_at",
            "published_by",
            "published_at",
            "recipient_count",
        ],
        announcements,
    )
    written["announcement_recipients"] = copy_rows(
        AnnouncementRecipient, ["announcement", "user", "read_at", "receipt_at", "receipt_text"], recipients
    )

    # -- topic calls and submissions ----------------------------------------------------------------
    cid = next_id(TopicCall)
    calls, submissions = [], []
    call_years = gen.years[-n["topic_calls"] :]
    per_call = max(1, n["topic_submissions"] // len(call_years))
    for year in call_years:
        deadline = dt.date(year, 3, 31)
        calls.append(
            (
                cid,
                year,
                f"{year}年度协商议题征集",
                "面向委员、承办单位和社会公众征集年度协商议题。",
                deadline,
                True,
                True,
                True,
                "closed" if deadline < gen.today else "open",
                staff,
                at(dt.date(year, 1, 5)),
            )
        )
        for _ in range(per_call):
            member = rng.choice(members)
            submissions.append(
                (
                    cid,
                    "member",
                    f"关于{rng.choice(MEETING_TOPICS[:1] + ['营商环境', '城市更新', '养老服务'])}的议题建议",
                    "理由:群众关注度高。",
                    gen.member_user.get(member),
                    "",
                    "",
                    "",
                    "visible",
                    rng.choice(["submitted", "shortlisted", "declined"]),
                    at(dt.date(year, 2, rng.randrange(1, 28))),
                )
            )
        cid += 1
    written["topic_calls"] = copy_rows(
        TopicCall,
        [
            "id",
            "year",
            "title",
            "description",
            "deadline",
            "open_to_members",
            "open_to_units",
            "open_to_public",
            "status",
            "created_by",
            "created_at",
        ],
        calls,
    )
    written["topic_submissions"] = copy_rows(
        TopicSubmission,
        [
            "call",
            "source",
            "title",
            "reason",
            "author",
            "body_name",
            "public_name",
            "public_phone",
            "moderation",
            "status",
            "created_at",
        ],
        submissions,
    )

    # -- surveys and responses ----------------------------------------------------------------------
    sid = next_id(Survey)
    surveys, responses = [], []
    per_survey = max(1, min(len(member_users), n["survey_responses"] // n["surveys"]))
    for _ in range(n["surveys"]):
        d = day()
        closes = d + dt.timedelta(days=30)
        surveys.append(
            (
                sid,
                "survey",
                rng.choice(SURVEYS),
                "请各位委员填写。",
                d.year,
                "members",
                False,
                "closed" if closes < gen.today else "open",
                closes,
                staff,
                at(d),
            )
        )
        for user in rng.sample(member_users, per_survey):
            responses.append((sid, user, "", "", at(d + dt.timedelta(days=rng.randrange(30)))))
        sid += 1
    written["surveys"] = copy_rows(
        Survey,
        [
            "id",
            "kind",
            "title",
            "description",
            "year",
            "audience",
            "replace_allowed",
            "status",
            "closes_on",
            "created_by",
            "created_at",
        ],
        surveys,
    )
    written["survey_responses"] = copy_rows(
        SurveyResponse, ["survey", "respondent", "public_name", "public_phone", "submitted_at"], responses
    )

    # -- visits and heard items -----------------------------------------------------------------------
    vid = next_id(Visit)
    visits, items = [], []
    villages = [v for v, _wc in gen.villages]
    for _ in range(n["visits"]):
        d = day()
        member = rng.choice(members)
        visits.append(
            (
                vid,
                member,
                rng.choice(villages),
                d,
                "走访联系村,听取群众意见。",
                gen.member_user.get(member),
                at(d),
            )
        )
        for k in range(2):
            outcome = rng.choice(["pending", "solved", "quick_report"]) if d < gen.today else "pending"
            items.append(
                (vid, f"群众反映问题{k + 1}", outcome, "", at(d, 18) if outcome != "pending" else None)
            )
        vid += 1
    written["visits"] = copy_rows(
        Visit, ["id", "member", "village", "date", "summary", "created_by", "created_at"], visits
    )
    written["heard_items"] = copy_rows(
        HeardItem, ["visit", "text", "outcome", "outcome_note", "decided_at"], items
    )

    for model in (
        Meeting,
        MeetingInvitation,
        Announcement,
        AnnouncementRecipient,
        TopicCall,
        TopicSubmission,
        Survey,
        SurveyResponse,
        Visit,
        HeardItem,
    ):
        reset_sequence(model)
    return written
