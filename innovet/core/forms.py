"""Form helpers shared by every app."""


def add_service_errors(form, exc, on_top=()):
    """Put a service's ValidationError on the form: at its field when the form has it, else above the form.

    Services take plain data and raise Dutch ValidationErrors keyed by field name; ``on_top`` names fields
    the form has but whose errors belong above it (e.g. a formset's rows).
    """
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields and field not in on_top else None, errors)
