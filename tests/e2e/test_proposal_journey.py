"""Journey 1: a proposal from the draft to the proposer's second rating, driven through the browser."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import nav

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
TITLE = "关于加快城乡公交一体化的建议"


def action_form(page, action: str):
    """The form of one workflow action on a detail page (several forms share labels like 说明)."""
    return page.locator(f"form[action$='/do/{action}/']")


def open_proposal(page, list_link: str):
    nav(page, list_link)
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()


def test_proposal_from_draft_to_satisfied_rating(page, login, shot, axe, tmp_path):
    factories.CategoryFactory(name="城建环保")
    proposer = factories.MemberFactory(user__username="p_proposer", name="王建国", user__name="王建国")
    factories.MemberFactory(user__username="p_cosigner", name="李秀英", user__name="李秀英")
    staff = factories.StaffUserFactory(username="p_staff", name="提案委陈")
    lead = factories.HandlingUnitFactory(name="市交通运输局")
    assisting = factories.HandlingUnitFactory(name="市财政局")
    factories.UnitUserFactory(username="p_lead", name="交通局刘", handling_unit=lead)
    factories.UnitUserFactory(username="p_assist", name="财政局赵", handling_unit=assisting)
    assert proposer.user and staff
    pdf = tmp_path / "调研材料.pdf"
    pdf.write_bytes(PDF_BYTES)

    # 1. the member drafts the proposal with a co-signer and an attachment
    login("p_proposer")
    nav(page, "提出提案")
    page.get_by_label("案由").fill(TITLE)
    page.get_by_label("类别").select_option(label="城建环保")
    page.get_by_label("内容").fill("目前城乡公交线路衔接不畅。建议统一票价,优化换乘站点。")
    page.get_by_label("邀请联名委员").select_option(label="李秀英")
    page.get_by_label("附件").set_input_files(str(pdf))
    axe("proposal form (filled)")
    shot("proposal-1-draft-form")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("草稿已保存。")).to_be_visible()
    expect(page.get_by_role("link", name="调研材料.pdf")).to_be_visible()
    shot("proposal-2-draft-saved")

    # 2. the co-signer confirms from "我的提案"
    login("p_cosigner")
    nav(page, "我的提案")
    expect(page.get_by_role("heading", name="待我确认的联名邀请")).to_be_visible()
    axe("my proposals with an invitation")
    page.get_by_role("button", name="确认联名").click()
    expect(page.get_by_text("已确认联名。")).to_be_visible()

    # 3. the proposer submits
    login("p_proposer")
    open_proposal(page, "我的提案")
    expect(page.get_by_text("李秀英(联名人·已确认)")).to_be_visible()
    action_form(page, "submit").get_by_role("button", name="提交").click()
    expect(page.get_by_text("提案已提交。")).to_be_visible()

    # 4. staff file it (立案) and assign a lead and an assisting unit
    login("p_staff")
    open_proposal(page, "提案管理")
    axe("proposal detail (staff, submitted)")
    shot("proposal-3-staff-review")
    action_form(page, "accept").get_by_role("button", name="立案").click()
    expect(page.get_by_text("已立案:")).to_be_visible()
    assign = action_form(page, "assign")
    assign.get_by_label("主办单位").select_option(label="市交通运输局")
    assign.get_by_label("协办单位").select_option(label="市财政局")
    assign.get_by_role("button", name="交办").click()
    expect(page.get_by_text("已交办。")).to_be_visible()
    shot("proposal-4-assigned")

    # 5. the assisting unit sends its opinion
    login("p_assist")
    open_proposal(page, "本单位提案")
    opinion = action_form(page, "assisting_opinion")
    opinion.get_by_label("内容").fill("财政局同意对公交票价补贴予以统筹安排。")
    opinion.get_by_role("button", name="报送协办意见").click()
    expect(page.get_by_text("协办意见已报送主办单位。")).to_be_visible()

    # 6. the lead unit replies with class and letter
    login("p_lead")
    nav(page, "本单位提案")
    axe("unit queue")
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.get_by_text("财政局同意对公交票价补贴予以统筹安排。")).to_be_visible()
    contact = action_form(page, "contact")  # 面商 comes before the reply
    contact.get_by_label("面商日期").fill(timezone.localdate().isoformat())
    contact.get_by_label("方式").select_option(index=0)
    contact.get_by_label("面商情况").fill("电话联系王建国委员,听取意见。")
    contact.get_by_role("button", name="记录面商").click()
    expect(page.get_by_text("面商情况已记录。")).to_be_visible()
    reply = action_form(page, "reply")
    reply.get_by_label("答复类别").select_option(index=1)
    reply.get_by_label("答复内容").fill("我局已将城乡公交一体化列入年度计划,正在统一票价。")
    reply.get_by_label("答复函(盖章扫描件)").set_input_files(str(pdf))
    reply.get_by_label("答复可以公开").check()
    axe("reply form")
    shot("proposal-5-reply-form")
    reply.get_by_role("button", name="提交答复").click()
    expect(page.get_by_text("答复已提交,等待提案委审核。")).to_be_visible()

    # 7. staff check the reply
    login("p_staff")
    open_proposal(page, "提案管理")
    action_form(page, "approve_reply").get_by_role("button", name="审核通过答复").click()
    expect(page.get_by_text("答复已审核通过,已通知提案人。")).to_be_visible()

    # 8. the proposer rates it 不满意: its own action, with a reason and a confirmation that says
    # what happens next (the plain rating offers only 满意 and 基本满意)
    login("p_proposer")
    open_proposal(page, "我的提案")
    expect(page.get_by_role("link", name="答复函")).to_be_visible()
    expect(action_form(page, "rate").get_by_label("不满意")).to_have_count(0)
    rate = action_form(page, "rate_unsatisfied")
    rate.get_by_label("不满意的理由").fill("换乘站点问题没有回应。")
    confirm = rate.get_by_role("checkbox")
    expect(rate).to_contain_text("由承办单位重新办理并再次答复,办理期限从今天起")
    confirm.check()
    axe("rating form")
    shot("proposal-6-rating")
    rate.get_by_role("button", name="评价不满意").click()
    expect(page.get_by_text("已评价不满意:提案已退回承办单位重新办理")).to_be_visible()
    expect(page.get_by_text("第1轮评价:不满意")).to_be_visible()

    # 9. the lead unit replies again
    login("p_lead")
    open_proposal(page, "本单位提案")
    reply = action_form(page, "reply")
    reply.get_by_label("答复类别").select_option(index=1)
    reply.get_by_label("答复内容").fill("补充答复:换乘站点已纳入改造计划,年底前完成。")
    reply.get_by_role("button", name="提交答复").click()
    expect(page.get_by_text("答复已提交,等待提案委审核。")).to_be_visible()
    login("p_staff")
    open_proposal(page, "提案管理")
    action_form(page, "approve_reply").get_by_role("button", name="审核通过答复").click()
    expect(page.get_by_text("答复已审核通过,已通知提案人。")).to_be_visible()

    # 10. the proposer rates 满意; the timeline shows every step
    login("p_proposer")
    open_proposal(page, "我的提案")
    rate = action_form(page, "rate")
    rate.get_by_label("满意", exact=True).check()
    rate.get_by_role("button", name="评价").click()
    expect(page.get_by_text("评价已提交。")).to_be_visible()
    expect(page.get_by_text("第2轮评价:满意")).to_be_visible()
    timeline = page.locator("section", has=page.get_by_role("heading", name="办理记录"))
    steps = [t.strip() for t in timeline.locator("li strong").all_inner_texts()]
    for label in ["确认联名", "提交", "立案", "交办", "报送协办意见", "提交答复", "审核通过答复"]:
        assert label in steps, (label, steps)
    assert steps.count("提交答复") == 2 and steps.count("审核通过答复") == 2, steps
    assert any("不满意" in s for s in steps) and steps[-1] in ("评价", "满意"), steps
    axe("proposal detail (proposer, rated)")
    shot("proposal-7-timeline")
