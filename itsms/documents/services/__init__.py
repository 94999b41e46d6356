"""Every write of document control. Views, the API, demo data and tests all call these."""

from .assignments import writing_assignment_close, writing_assignment_create
from .distribution import (
    campaign_create,
    distribution_add,
    distribution_remove,
    document_acknowledge,
    receipt_acknowledge,
    receipts_issue,
    receipts_remind,
)
from .register import (
    document_create,
    document_update,
    document_withdraw,
    inventory_item_create,
    inventory_item_decide,
    number_pattern_set,
    periodic_review_record,
    record_add,
    record_remove,
)
from .release import edition_start, revision_release, revision_sign, revisions_release
from .revisions import (
    REVISION_TRANSITIONS,
    EditConflict,
    comment_add,
    comment_resolve,
    revision_move,
    revision_save,
    revision_start,
)

__all__ = [
    "REVISION_TRANSITIONS",
    "EditConflict",
    "campaign_create",
    "comment_add",
    "comment_resolve",
    "distribution_add",
    "distribution_remove",
    "document_acknowledge",
    "document_create",
    "document_update",
    "document_withdraw",
    "edition_start",
    "inventory_item_create",
    "inventory_item_decide",
    "number_pattern_set",
    "periodic_review_record",
    "receipt_acknowledge",
    "receipts_issue",
    "receipts_remind",
    "record_add",
    "record_remove",
    "revision_move",
    "revision_release",
    "revision_save",
    "revision_sign",
    "revision_start",
    "revisions_release",
    "writing_assignment_close",
    "writing_assignment_create",
]
