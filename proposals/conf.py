"""Plain thresholds of proposals/ (deadlines live in the HandlingRules table, editable in admin)."""

from django.conf import settings

PROPOSAL_TITLE_MAX_CHARS = getattr(settings, "PROPOSAL_TITLE_MAX_CHARS", 200)
PROPOSAL_BODY_MAX_CHARS = getattr(settings, "PROPOSAL_BODY_MAX_CHARS", 20000)
OPINION_BODY_MAX_CHARS = getattr(settings, "OPINION_BODY_MAX_CHARS", 1500)
LIST_PAGE_SIZE = getattr(settings, "PROPOSALS_PAGE_SIZE", 30)
SIMILARITY_THRESHOLD = getattr(settings, "PROPOSALS_SIMILARITY_THRESHOLD", 0.15)
SIMILAR_LIMIT = getattr(settings, "PROPOSALS_SIMILAR_LIMIT", 5)
