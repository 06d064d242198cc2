"""Awareness activities (sosialisasi): the list with filters and a CSV export, recording, changing, and
the materials (private files, every opening audited)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from pantau.accounts.access import Perm, get_scoped, has_perm, permission_required
from pantau.accounts.http import user_of
from pantau.awareness import selectors, services
from pantau.awareness.forms import ActivityForm
from pantau.awareness.models import ActivityAudience, ActivityMaterial, Audience, AwarenessActivity, Topic
from pantau.lib.downloads import download, serve_private_file
from pantau.regions.forms import PlaceField

PER_PAGE = 50


class FilterForm(forms.Form):
    region = PlaceField(label=gettext_lazy("Place"), required=False)
    audience = forms.ChoiceField(
        label=gettext_lazy("Audience"), choices=[("", "—"), *Audience.choices], required=False
    )
    topic = forms.ChoiceField(
        label=gettext_lazy("Topic"), choices=[("", "—"), *Topic.choices], required=False
    )
    start = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def _filtered(request: HttpRequest) -> tuple[FilterForm, QuerySet[AwarenessActivity]]:
    form = FilterForm(request.GET or None)
    activities = selectors.activities_visible_to(user_of(request))
    if form.is_valid():
        data = form.cleaned_data
        if data["region"]:
            activities = activities.in_region(data["region"])
        if data["audience"]:
            activities = activities.filter(audiences__kind=data["audience"])
        if data["topic"]:
            # Topics are a short JSON list; a text match on the quoted code works on SQLite and PostgreSQL.
            activities = activities.filter(topics__icontains=f'"{data["topic"]}"')
        if data["start"]:
            activities = activities.filter(held_on__gte=data["start"])
        if data["end"]:
            activities = activities.filter(held_on__lte=data["end"])
    return form, activities.prefetch_related(Prefetch("audiences", ActivityAudience.objects.order_by("kind")))


@require_GET
@permission_required(Perm.AWARENESS_VIEW)
def activity_list(request: HttpRequest) -> HttpResponse:
    form, activities = _filtered(request)
    page = Paginator(activities, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "awareness/activity_list.html",
        {
            "form": form,
            "page": page,
            "totals": selectors.totals(activities),
            "may_record": has_perm(request.user, Perm.AWARENESS_RECORD),
        },
        status=400 if form.errors else 200,
    )


@require_GET
@permission_required(Perm.AWARENESS_VIEW)
def activity_export(request: HttpRequest) -> HttpResponse:
    _form, activities = _filtered(request)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Date"),
            _("Title"),
            _("Region code"),
            _("Venue"),
            _("Organiser"),
            _("Audience"),
            _("Topics"),
            _("Attendance"),
            _("Women"),
            _("Men"),
        ]
    )
    for a in activities[:10_000]:
        writer.writerow(
            [
                a.held_on.isoformat(),
                a.title,
                a.region_code,
                a.venue,
                a.organisation.name,
                "; ".join(x.get_kind_display() for x in a.audiences.all()),
                "; ".join(a.topic_labels),
                a.attendance,
                a.attendance_women if a.attendance_women is not None else "",
                a.attendance_men if a.attendance_men is not None else "",
            ]
        )
    return download(out.getvalue().encode("utf-8-sig"), "sosialisasi.csv", "text/csv; charset=utf-8")


def _save(request: HttpRequest, activity: AwarenessActivity, template: str) -> HttpResponse:
    user = user_of(request)
    form = ActivityForm(request.POST or None, request.FILES or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.activity_record(
                actor=user,
                activity=form.apply(),
                audiences=form.cleaned_data["audiences"],
                materials=form.cleaned_data["materials"],
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return redirect("awareness:activity_detail", pk=saved.pk)
    return render(request, template, {"form": form, "activity": activity}, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
@permission_required(Perm.AWARENESS_RECORD)
def activity_new(request: HttpRequest) -> HttpResponse:
    return _save(request, AwarenessActivity(), "awareness/activity_form.html")


@never_cache
@require_http_methods(["GET", "POST"])
@permission_required(Perm.AWARENESS_RECORD)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    activity = get_scoped(
        user,
        selectors.activities_editable_by(user),
        pk,
        need=Perm.AWARENESS_RECORD,
        view=Perm.AWARENESS_RECORD,
    )
    return _save(request, activity, "awareness/activity_form.html")


@require_GET
@permission_required(Perm.AWARENESS_VIEW)
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    activity = get_scoped(
        user, selectors.activities_visible_to(user), pk, need=Perm.AWARENESS_VIEW, view=Perm.AWARENESS_VIEW
    )
    context: dict[str, Any] = {
        "activity": activity,
        "audiences": [a.get_kind_display() for a in activity.audiences.order_by("kind")],
        "materials": list(activity.materials.all()),
        "may_edit": selectors.activities_editable_by(user).filter(pk=activity.pk).exists(),
    }
    return render(request, "awareness/activity_detail.html", context)


@require_GET
@permission_required(Perm.AWARENESS_VIEW)
def material_file(request: HttpRequest, pk: int) -> FileResponse:
    user = user_of(request)
    material = get_scoped(
        user,
        ActivityMaterial.objects.filter(activity__in=selectors.activities_visible_to(user)).select_related(
            "activity"
        ),
        pk,
        need=Perm.AWARENESS_VIEW,
        view=Perm.AWARENESS_VIEW,
    )
    services.material_opened(actor=user, material=material)
    return serve_private_file(material.file, f"material-{material.pk}")
