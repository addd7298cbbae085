"""Default activity kinds loaded by data migration (consultations/migrations/0002); editable in
admin afterwards. (code, name, category)"""

ACTIVITY_KINDS = [
    ("come_consult", "请你来协商", "consultation"),
    ("topic_consult", "专题协商", "consultation"),
    ("counterpart_consult", "对口协商", "consultation"),
    ("sector_consult", "界别协商", "consultation"),
    ("proposal_consult", "提案办理协商", "consultation"),
    ("inspection", "视察", "inspection"),
    ("research", "调研", "research"),
    ("oversight", "民主监督", "oversight"),
    ("forum", "委员论坛", "other"),
    ("express", "议政直通车", "other"),
]

# Codes the figures rely on (the seed report counts these separately).
COME_CONSULT = "come_consult"
INSPECTION = "inspection"
RESEARCH = "research"
OVERSIGHT = "oversight"
