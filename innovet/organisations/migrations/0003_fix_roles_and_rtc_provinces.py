"""Existing data under the new rules (issue 11).

- A membership whose role does not fit its organisation's kind (a 'pedagogisch begeleider' in a school...)
  becomes 'medewerker', which carries no special powers, and is flagged in the audit trail with the old
  role so that a manager can set the right one. Open invitations with such a role are revoked.
- Each RTC serves the province of its address, unless two RTCs share one (one may have moved itself
  there by editing its postcode): those are left unassigned, flagged, for a platform administrator.
- Of several open invitations for one address (concurrent submits), the newest stays open.
"""

from collections import defaultdict

from django.db import migrations

ROLES_BY_KIND = {
    "school": {"leerkracht", "ta", "tac", "directeur"},
    "rtc": {"rtc-medewerker"},
    "pbd": {"pedagogisch-begeleider"},
    "sector": {"sectorconsulent"},
    "bedrijf": {"bedrijfscontact"},
    "vdab": {"vdab-medewerker"},
}
COMMON_ROLES = {"medewerker", "organisatiebeheerder"}


def _fits(kind, role):
    return role in ROLES_BY_KIND.get(kind, set()) | COMMON_ROLES


def forwards(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    Membership = apps.get_model("organisations", "Membership")
    Invitation = apps.get_model("organisations", "Invitation")
    AuditLog = apps.get_model("core", "AuditLog")
    ContentType = apps.get_model("contenttypes", "ContentType")

    def flag(org, action, data):
        content_type, _created = ContentType.objects.get_or_create(app_label="organisations", model="organisation")
        AuditLog.objects.create(
            action=action, content_type=content_type, object_id=str(org.pk), object_repr=org.name[:300], data=data
        )

    for membership in Membership.objects.select_related("organisation", "user"):
        if not _fits(membership.organisation.kind, membership.role):
            flag(
                membership.organisation,
                "organisations.member.role_corrected",
                {"member": membership.user.email, "from": membership.role, "to": "medewerker"},
            )
            membership.role = "medewerker"
            membership.save(update_fields=["role"])
    for invitation in Invitation.objects.filter(status="open").select_related("organisation"):
        if not _fits(invitation.organisation.kind, invitation.role):
            invitation.status = "ingetrokken"
            invitation.save(update_fields=["status"])
            flag(
                invitation.organisation,
                "organisations.member.invitation_revoked",
                {"email": invitation.email, "reason": "rol past niet bij de soort organisatie"},
            )

    # Concurrent submits could leave several open invitations for one address: keep the newest (0004 then
    # allows one open invitation per address and organisation).
    seen = set()
    for invitation in Invitation.objects.filter(status="open").order_by("-created_at", "-pk"):
        key = (invitation.organisation_id, invitation.email.lower())
        if key in seen:
            invitation.status = "ingetrokken"
            invitation.save(update_fields=["status"])
        seen.add(key)

    by_province = defaultdict(list)
    for rtc in Organisation.objects.filter(kind="rtc", served_province__isnull=True):
        by_province[rtc.province_id].append(rtc)
    for province_id, rtcs in by_province.items():
        if len(rtcs) == 1 and not Organisation.objects.filter(kind="rtc", served_province_id=province_id).exists():
            rtcs[0].served_province_id = province_id
            rtcs[0].save(update_fields=["served_province"])
        else:
            for rtc in rtcs:
                flag(
                    rtc,
                    "organisations.rtc.province_assigned",
                    {"from": "", "to": "", "reason": "twee RTC's in dezelfde provincie: wijs het werkgebied toe"},
                )


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0002_role_kind_and_rtc_province"),
        ("core", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
