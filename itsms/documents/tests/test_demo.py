from django.core.management import call_command

from itsms.core import demo as core_demo
from itsms.core.models import Organization
from itsms.documents import demo
from itsms.documents.models import (
    BriefingCampaign,
    DocStatus,
    Document,
    Level,
    Receipt,
    Revision,
    RevStatus,
    Signature,
    WritingAssignment,
)


def test_demo_documents_in_various_states_and_idempotent(db, iso20000):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Document.objects.count(), Revision.objects.count(), Receipt.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Document.objects.count(), Revision.objects.count(), Receipt.objects.count()) == counts
    org = Organization.objects.get(slug=core_demo.DEMO_SLUG)
    docs = Document.objects.filter(organization=org)
    assert docs.filter(level=Level.MANUAL, status=DocStatus.RELEASED).count() == 1
    assert docs.filter(level=Level.PROCEDURE).count() == len(demo.PROCEDURES)
    assert docs.filter(level=Level.PROCEDURE, status=DocStatus.WITHDRAWN).count() == 1
    assert docs.filter(level=Level.EXTERNAL).count() == len(demo.EXTERNAL)
    assert docs.filter(level=Level.WORK).count() == len(demo.FORMS)
    assert docs.filter(level=Level.RECORD).count() == len(demo.RECORD_TYPES)
    revisions = Revision.objects.filter(organization=org)
    assert set(revisions.values_list("status", flat=True)) == {
        RevStatus.DRAFT,
        RevStatus.INTERNAL_REVIEW,
        RevStatus.RELEASED,
        RevStatus.SUPERSEDED,
        RevStatus.WITHDRAWN,
    }
    manual = docs.get(level=Level.MANUAL)
    receipts = Receipt.objects.filter(
        revision=manual.current_revision, campaign=None, recipient__isnull=False
    )
    acknowledged = receipts.filter(acknowledged_at__isnull=False).count()
    assert 0 < receipts.count() - acknowledged < acknowledged
    assert set(
        Signature.objects.filter(revision=manual.current_revision).values_list("meaning", flat=True)
    ) == {
        "reviewed",
        "approved",
    }
    assert manual.requirements.exists()
    campaign = BriefingCampaign.objects.get(organization=org)
    done = campaign.receipts.filter(acknowledged_at__isnull=False).count()
    assert 0 < done < campaign.receipts.count()
    assert WritingAssignment.objects.filter(organization=org, source="demo").count() == len(demo.ASSIGNMENTS)
