import pytest

from reports.typography import balanced_lines, normalise_punctuation


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        (
            "一年来,积极开展活动{{activities.major}}次,共立提案293件。",
            "一年来，积极开展活动{{activities.major}}次，共立提案293件。",
        ),
        ("各位委员:", "各位委员："),
        ("“请你来协商”(市政协)7场;其他26场!", "“请你来协商”（市政协）7场；其他26场！"),
        ("是否落实?", "是否落实？"),
        (
            "(2021年1月20日在政协第十三届义乌市委员会第五次会议上)",
            "（2021年1月20日在政协第十三届义乌市委员会第五次会议上）",
        ),
        ("增长 , 好", "增长，好"),
        ("GDP(国内生产总值)增长3.5%,比上年", "GDP（国内生产总值）增长3.5%，比上年"),
        ("{{proposals.accepted}}件,其中", "{{proposals.accepted}}件，其中"),
    ],
)
def test_half_width_punctuation_in_chinese_text_becomes_full_width(typed, printed):
    assert normalise_punctuation(typed) == printed


@pytest.mark.parametrize(
    "kept",
    [
        "3.5",
        "1,000",
        "10:30",
        "Hello, world",
        "f(x)=1,2",
        "见 https://www.yw.gov.cn/a?b=1,c=2 ",
        "{{proposals.accepted}}",
        "[[proposals.accepted]]",
        "共{{a.b}},{{c.d}}",
    ],
)
def test_numbers_latin_urls_and_placeholders_are_left_alone(kept):
    assert kept.strip() in normalise_punctuation(kept)


def test_number_next_to_chinese_still_gets_a_full_width_comma():
    assert normalise_punctuation("共1,000人,同比") == "共1,000人，同比"
    assert normalise_punctuation("占3.5,同比") == "占3.5，同比"


def test_title_breaks_only_between_words():
    assert balanced_lines("政协第十三届义乌市委员会常务委员会工作报告", 20) == [
        "政协第十三届义乌市委员会",
        "常务委员会工作报告",
    ]
    assert balanced_lines("中国人民政治协商会议 第十三届义乌市委员会常务委员会工作报告", 20) == [
        "中国人民政治协商会议",
        "第十三届义乌市委员会常务委员会工作报告",
    ]


def test_occasion_line_does_not_leave_its_tail_alone():
    lines = balanced_lines("（2021年1月20日在政协第十三届义乌市委员会第五次会议上）", 27)
    assert lines == ["（2021年1月20日在政协第十三届义乌市委员会", "第五次会议上）"]
    assert balanced_lines("（2021年1月20日在大会上）", 27) == ["（2021年1月20日在大会上）"]
