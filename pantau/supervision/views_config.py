"""Administration of supervision: the risk points of the visit plan, and checklist versions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pantau.accounts.access import Perm, permission_required
from pantau.accounts.http import user_of
from pantau.supervision import checklists, risk
from pantau.supervision.models import ChecklistItem, ChecklistTemplate


class WeightsForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = risk.weights()
        for factor in risk.FACTORS:
            self.fields[factor.code] = forms.IntegerField(
                label=factor.label,
                help_text=factor.explanation,
                min_value=0,
                max_value=100,
                initial=current[factor.code],
            )


@permission_required(Perm.SUPERVISION_CONFIGURE)
def risk_weights(request: HttpRequest) -> HttpResponse:
    form = WeightsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        risk.weights_set(actor=user_of(request), points=form.cleaned_data)
        messages.success(request, _("The points have been saved; the visit plan uses them from now on."))
        return redirect("supervision:risk_weights")
    return render(
        request, "supervision/risk_weights.html", {"form": form}, status=400 if form.errors else 200
    )


ItemFormSet: type[forms.BaseModelFormSet] = forms.modelformset_factory(
    ChecklistItem,
    fields=checklists.ITEM_FIELDS,
    extra=1,
    can_delete=True,
    widgets={"text": forms.Textarea(attrs={"rows": 2}), "text_en": forms.Textarea(attrs={"rows": 2})},
)


@permission_required(Perm.SUPERVISION_CONFIGURE)
def checklist_list(request: HttpRequest) -> HttpResponse:
    return render(request, "supervision/checklist_list.html", {"templates": ChecklistTemplate.objects.all()})


@permission_required(Perm.SUPERVISION_CONFIGURE)
def checklist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(ChecklistTemplate, pk=pk)
    draft = template.status == ChecklistTemplate.Status.DRAFT
    formset = (
        ItemFormSet(request.POST or None, queryset=template.items.all(), prefix="items") if draft else None
    )
    if request.method == "POST" and formset is not None and formset.is_valid():
        rows = [
            {**{name: f.cleaned_data[name] for name in checklists.ITEM_FIELDS}, "id": f.instance.pk}
            for f in formset.forms
            # the empty extra form is skipped; deleted ones are handled below
            if (f.has_changed() or f.instance.pk) and f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        deleted = [f.instance.pk for f in formset.deleted_forms if f.instance.pk]
        try:
            checklists.template_items_save(
                actor=user_of(request), template=template, items=rows, deleted=deleted
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The draft has been saved."))
            return redirect("supervision:checklist_detail", pk=template.pk)
    return render(
        request,
        "supervision/checklist_detail.html",
        {"template": template, "items": template.items.all(), "formset": formset},
        status=400 if formset is not None and formset.errors and request.method == "POST" else 200,
    )


@require_POST
@permission_required(Perm.SUPERVISION_CONFIGURE)
def checklist_new_version(request: HttpRequest, pk: int) -> HttpResponseBase:
    template = get_object_or_404(ChecklistTemplate, pk=pk)
    try:
        draft = checklists.template_new_version(actor=user_of(request), template=template)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("supervision:checklist_list")
    return redirect("supervision:checklist_detail", pk=draft.pk)


@require_POST
@permission_required(Perm.SUPERVISION_CONFIGURE)
def checklist_publish(request: HttpRequest, pk: int) -> HttpResponseBase:
    template = get_object_or_404(ChecklistTemplate, pk=pk)
    try:
        checklists.template_publish(actor=user_of(request), template=template)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Version %(v)s is now in use for new visits.") % {"v": template.version})
    return redirect("supervision:checklist_detail", pk=template.pk)
