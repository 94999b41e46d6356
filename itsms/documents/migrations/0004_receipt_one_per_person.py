"""One acknowledgement per person and revision, whether it came through a copy or a briefing; people
without a login get receipts too (their organizer records them)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill(apps, schema_editor):  # noqa: ANN001, ANN201
    Receipt = apps.get_model("documents", "Receipt")
    Membership = apps.get_model("core", "Membership")
    BriefingCampaign = apps.get_model("documents", "BriefingCampaign")
    people = {
        (m.organization_id, m.user_id): m.person_id
        for m in Membership.objects.filter(person__isnull=False).only(
            "organization_id", "user_id", "person_id"
        )
    }
    kept: dict[tuple[int, int], object] = {}
    # Oldest first: the acknowledged one wins, else the first issued; the others become briefing entries.
    for r in Receipt.objects.filter(recipient__isnull=False).order_by("acknowledged_at", "pk"):
        key = (r.revision_id, r.recipient_id)
        if key in kept:
            first = kept[key]
            if r.campaign_id is not None:
                BriefingCampaign.objects.get(pk=r.campaign_id).entries.add(first)
            r.delete()
            continue
        kept[key] = r
        r.person_id = people.get((r.organization_id, r.recipient_id))
        r.save(update_fields=["person"])
    for r in Receipt.objects.filter(campaign__isnull=False):
        BriefingCampaign.objects.get(pk=r.campaign_id).entries.add(r)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("documents", "0003_document_number_key"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="receipt", name="receipt_unique_recipient"),
        migrations.AddField(
            model_name="briefingcampaign",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="briefingcampaign",
            name="entries",
            field=models.ManyToManyField(blank=True, related_name="briefings", to="documents.receipt"),
        ),
        migrations.AddField(
            model_name="receipt",
            name="person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.person",
            ),
        ),
        migrations.AddField(
            model_name="receipt",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="receipt",
            constraint=models.UniqueConstraint(
                condition=models.Q(("person__isnull", False)),
                fields=("revision", "person"),
                name="receipt_one_per_person",
            ),
        ),
        migrations.AddConstraint(
            model_name="receipt",
            constraint=models.UniqueConstraint(
                condition=models.Q(("recipient__isnull", False)),
                fields=("revision", "recipient"),
                name="receipt_one_per_login",
            ),
        ),
    ]
