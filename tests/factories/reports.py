"""Factories for reports/ models."""

import factory

from reports import models as r


class AnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = r.AnnualReport
        django_get_or_create = ("year",)

    year = 2020
    title = "中国人民政治协商会议 第十三届义乌市委员会常务委员会工作报告"
    occasion = "(2021年1月20日在政协第十三届义乌市委员会第五次会议上)"
    speaker = "义乌市政协主席 葛国庆"


class ReportSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = r.ReportSection

    report = factory.SubFactory(AnnualReportFactory)
    order = factory.Sequence(lambda n: n + 1)
    level = r.ReportSection.Level.FIRST
    heading = factory.Sequence(lambda n: f"第{n}部分")
    body = "一年来,共立提案{{proposals.accepted}}件。"


class ReportSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = r.ReportSnapshot

    report = factory.SubFactory(AnnualReportFactory)
    year = factory.SelfAttribute("report.year")
