"""GDPR for surveys. What we keep about a person: invitations (name, e-mail) and contact details given in
a survey (``RespondentContact``), both found by e-mail address. Answers themselves carry no identity
(anonymous surveys unlink them from the invitation when submitted)."""

from .models import Invitation, RespondentContact


def export_user(user):
    email = (user.email or "").lower()
    return {
        "uitnodigingen": [
            {
                "bevraging": i.survey.title,
                "naam": i.name,
                "e-mailadres": i.email,
                "verstuurd op": i.sent_at.isoformat() if i.sent_at else None,
                "afgerond op": i.completed_at.isoformat() if i.completed_at else None,
            }
            for i in Invitation.objects.filter(email__iexact=email).select_related("survey")
        ],
        "contactgegevens in bevragingen": [
            {
                "bevraging": c.response.survey.title,
                "naam": c.name,
                "organisatie": c.organisation,
                "e-mailadres": c.email,
                "telefoon": c.phone,
            }
            for c in RespondentContact.objects.filter(email__iexact=email).select_related("response__survey")
        ],
    }


def erase_user(user):
    email = (user.email or "").lower()
    RespondentContact.objects.filter(email__iexact=email).delete()
    Invitation.objects.filter(email__iexact=email).delete()
