"""schema.org structured data for the detail pages: a Course with its sessions (CourseInstance, an Event),
the providers as Organization, the price as Offer. Search engines and aggregators read it."""

from django.utils import timezone

from .models import needs_address


def _organisation(org, request):
    data = {
        "@type": "Organization",
        "name": org.name,
        "url": request.build_absolute_uri(org.get_absolute_url()),
        "address": {
            "@type": "PostalAddress",
            "postalCode": org.postcode,
            "addressLocality": org.municipality,
            "addressCountry": "BE",
        },
    }
    if org.website:
        data["sameAs"] = org.website
    return data


def _place(location):
    if location is None:
        return None
    if location.location_type.data.get("online"):
        return {"@type": "VirtualLocation", "name": str(location.location_type)}
    if not needs_address(location.location_type):
        return None  # it comes to the teacher's own school
    place = {
        "@type": "Place",
        "name": location.name or location.municipality,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": location.street,
            "postalCode": location.postcode,
            "addressLocality": location.municipality,
            "addressCountry": "BE",
        },
    }
    if location.has_point:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": location.latitude, "longitude": location.longitude}
    return place


def offer(offer, request):
    url = request.build_absolute_uri(offer.get_absolute_url())
    providers = [_organisation(o, request) for o in offer.providers.all()]
    locations = list(offer.locations.all())
    instances = []
    for session in offer.sessions.all():
        location = session.location or (locations[0] if locations else None)
        online = bool(location and location.location_type.data.get("online"))
        instance = {
            "@type": "CourseInstance",
            "name": session.title or offer.title,
            "startDate": timezone.localtime(session.starts_at).isoformat(),
            "endDate": timezone.localtime(session.ends_at).isoformat(),
            "courseMode": "online" if online else "onsite",
            "eventAttendanceMode": "https://schema.org/"
            + ("OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"),
            "eventStatus": "https://schema.org/EventScheduled",
            "organizer": providers[:1],
        }
        place = _place(location)
        if place:
            instance["location"] = place
        if offer.capacity:
            instance["maximumAttendeeCapacity"] = offer.capacity
        instances.append(instance)
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "@id": url,
        "url": url,
        "name": offer.title,
        "description": offer.summary,
        "inLanguage": "nl-BE",
        "provider": providers[0] if len(providers) == 1 else providers,
        "educationalLevel": [str(g) for g in offer.graden.all()],
        "about": [str(t) for t in offer.themes.all()],
        "audience": {"@type": "EducationalAudience", "educationalRole": "teacher"},
        "offers": {
            "@type": "Offer",
            "price": f"{offer.cost:.2f}",
            "priceCurrency": "EUR",
            "category": "Free" if not offer.cost else "Paid",
            "url": offer.registration_url or url,
        },
    }
    if instances:
        data["hasCourseInstance"] = instances
    if offer.duration_hours:
        data["timeRequired"] = f"PT{offer.duration_hours.normalize():f}H"
    return data


def initiative(initiative, request):
    url = request.build_absolute_uri(initiative.get_absolute_url())
    members = [
        _organisation(p.organisation, request)
        for p in initiative.partners.all()
        if p.organisation_id != initiative.lead_id
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "Project",
        "@id": url,
        "url": url,
        "name": initiative.title,
        "description": initiative.summary,
        "inLanguage": "nl-BE",
        "parentOrganization": _organisation(initiative.lead, request),
        "areaServed": [p.name for p in initiative.provinces.all()],
        "knowsAbout": [str(t) for t in initiative.themes.all()],
    }
    if members:
        data["member"] = members
    if initiative.started_on:
        data["foundingDate"] = initiative.started_on.isoformat()
    return data
