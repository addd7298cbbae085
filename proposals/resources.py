"""Excel export of any filtered proposal list (django-import-export), Chinese headers."""

from import_export import fields, resources

from .models import Proposal


class ProposalResource(resources.ModelResource):
    number = fields.Field(attribute="number_label", column_name="编号")
    title = fields.Field(attribute="title", column_name="案由")
    year = fields.Field(attribute="year", column_name="年度")
    kind = fields.Field(attribute="get_kind_display", column_name="类型")
    category = fields.Field(attribute="category__name", column_name="类别")
    proposer = fields.Field(attribute="proposer_name", column_name="提案者")
    proposer_type = fields.Field(attribute="get_proposer_type_display", column_name="提案者类型")
    status = fields.Field(attribute="get_status_display", column_name="状态")
    lead_unit = fields.Field(attribute="lead_unit__name", column_name="主办单位")
    due_on = fields.Field(attribute="due_on", column_name="答复期限")
    replied_on = fields.Field(attribute="replied_on", column_name="答复日期")
    reply_class = fields.Field(attribute="reply_class__code", column_name="答复类别")
    rating = fields.Field(attribute="get_rating_display", column_name="评价")
    is_key = fields.Field(column_name="重点提案")

    class Meta:
        model = Proposal
        fields = export_order = (
            "number",
            "title",
            "year",
            "kind",
            "category",
            "proposer",
            "proposer_type",
            "status",
            "lead_unit",
            "due_on",
            "replied_on",
            "reply_class",
            "rating",
            "is_key",
        )

    def dehydrate_is_key(self, obj):
        return "是" if obj.is_key else ""
