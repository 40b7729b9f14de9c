"""Modules add panels to 'Mijn InnoVET' here: register(template_name, context_function, order)."""

_panels = []


def register(template_name, context_function, order=100):
    _panels.append((order, template_name, context_function))
    _panels.sort(key=lambda p: p[0])


def panels(request):
    result = []
    for _order, template_name, context_function in _panels:
        context = context_function(request)
        if context is not None:
            result.append({"template": template_name, "context": context})
    return result
