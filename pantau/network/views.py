"""Pages: the signals of one's jurisdiction with a search for an identifier; an identifier with every place
the reader may see; its neighbourhood drawn; a signal with its decision; the referral packet (PDF)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pantau.accounts.access import Perm, get_scoped, may_act_on_signal, may_export_packet, permission_required
from pantau.accounts.http import user_of
from pantau.lib.downloads import download
from pantau.lib.forms import show_errors
from pantau.lib.pdf import render_pdf
from pantau.network import graph as network_graph
from pantau.network import services
from pantau.network.explain import explain, home_names
from pantau.network.models import Kind, Occurrence, Signal
from pantau.network.selectors import (
    entity_picture,
    find_entity,
    get_entity_for,
    link_of,
    signal_evidence,
    signals_visible_to,
)

PAGE_SIZE = 50


class SearchForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Kind.choices)
    value = forms.CharField(
        label=gettext_lazy("Number, account, handle or person"),
        max_length=120,
        help_text=gettext_lazy(
            'A bank account with its bank: "BCA 701 2334 455". A person: the NIK, or "name, date of birth" '
            '("Ratna Sari Dewi, 1979-03-14"); a name alone finds no one.'
        ),
    )


class SignalFilterForm(forms.Form):
    code = forms.ChoiceField(
        label=gettext_lazy("Signal"),
        required=False,
        choices=[("", gettext_lazy("All")), *Signal.Code.choices],
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("All that still hold")), *Signal.Status.choices],
    )
    lksa = forms.IntegerField(required=False, widget=forms.HiddenInput)  # from a home's page


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


@permission_required(Perm.NETWORK_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    """The signals of the reader's jurisdiction (open first), and the search. A search is a POST: a phone
    or account number in a URL would stay in browser histories and proxy logs."""
    search = SearchForm(request.POST or None)
    not_found_message = ""
    if request.method == "POST" and search.is_valid():
        entity = find_entity(request.user, search.cleaned_data["kind"], search.cleaned_data["value"])
        if entity is not None:
            return redirect("network:entity", entity.pk)
        not_found_message = _("Not found in any record you may see.")
    filters = SignalFilterForm(request.GET or None)
    signals = signals_visible_to(request.user).select_related("lksa", "entity")
    if filters.is_valid() and filters.cleaned_data["code"]:
        signals = signals.filter(code=filters.cleaned_data["code"])
    if filters.is_valid() and filters.cleaned_data["lksa"]:
        signals = signals.filter(lksa_id=filters.cleaned_data["lksa"])
    if filters.is_valid() and filters.cleaned_data["status"]:
        signals = signals.filter(status=filters.cleaned_data["status"])
    else:
        signals = signals.filter(holds=True)
    page = Paginator(signals.order_by("status", "-raised_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    names = home_names(page.object_list, request.user)
    rows = [(signal, explain(signal, names)) for signal in page.object_list]
    return render(
        request,
        "network/index.html",
        {"search": search, "filters": filters, "page": page, "rows": rows, "not_found": not_found_message},
        status=400 if request.method == "POST" and not search.is_valid() else 200,
    )


def _describe(place: Occurrence) -> str:
    parts = [str(place.get_role_display()), str(place.get_source_display())]
    if place.lksa_id and place.lksa:
        parts.append(place.lksa.name)
    if place.count > 1:
        parts.append(_("%(n)s times") % {"n": place.count})
    return " · ".join(parts)


@permission_required(Perm.NETWORK_VIEW)
def entity(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_entity_for(request.user, pk)
    picture = entity_picture(request.user, found)
    services.entity_read(actor=user_of(request), picture=picture, what="entity")
    names = home_names(picture.signals, request.user)
    return render(
        request,
        "network/entity.html",
        {
            "picture": picture,
            "entity": found,
            "places": [(place, link_of(place)) for place in picture.places],
            "signals": [(signal, explain(signal, names)) for signal in picture.signals],
            "may_export": may_export_packet(request.user),
        },
    )


@permission_required(Perm.NETWORK_VIEW)
def graph(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_entity_for(request.user, pk)
    drawn = network_graph.neighbourhood(request.user, found)
    picture = entity_picture(request.user, found)
    services.entity_read(actor=user_of(request), picture=picture, what="graph")
    title = _("Neighbourhood of %(label)s") % {"label": found.label}
    edges = [
        (
            drawn.nodes[edge.a],
            drawn.nodes[edge.b],
            [(p, _describe(p), link_of(p)) for p in edge.evidence],
            edge,
        )
        for edge in drawn.edge_list
    ]
    return render(
        request,
        "network/graph.html",
        {
            "entity": found,
            "picture": picture,
            "graph": drawn,
            "svg": mark_safe(network_graph.svg(drawn, title=title, describe=_describe)),  # noqa: S308  (escaped in svg())
            "edges": edges,
            "title": title,
            "may_export": may_export_packet(request.user),
        },
    )


@permission_required(Perm.NETWORK_PACKET)
def packet(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_entity_for(request.user, pk)
    body = services.packet(actor=user_of(request), picture=entity_picture(request.user, found))
    pdf = render_pdf(
        "network/packet_pdf.html", {"packet": body, "title": _("Referral packet"), "as_of": timezone.now()}
    )
    return download(pdf, f"pantau-paket-rujukan-{found.pk}.pdf", "application/pdf")


def _signal_for(request: HttpRequest, pk: int) -> Signal:
    return get_scoped(
        request.user,
        signals_visible_to(request.user).select_related("lksa", "entity", "concern", "decided_by"),
        pk,
        need=Perm.NETWORK_VIEW,
        view=Perm.NETWORK_VIEW,
    )


def _signal_page(
    request: HttpRequest, signal: Signal, form: DecisionForm, *, status: int = 200, audited: bool = False
) -> HttpResponse:
    names = home_names([signal], request.user)
    evidence = signal_evidence(request.user, signal)
    if audited:  # the page opened (a refused decision shows it again: that is not another reading)
        services.signal_read(
            actor=user_of(request),
            signal=signal,
            shown=len(evidence.places) + len(evidence.posts),
            withheld=evidence.withheld,
        )
    return render(
        request,
        "network/signal.html",
        {
            "signal": signal,
            "explanation": explain(signal, names),
            "places": [(place, link_of(place)) for place in evidence.places],
            "withheld": evidence.withheld,
            "posts": evidence.posts,
            "form": form,
            "may_act": may_act_on_signal(request.user) and signal.status == Signal.Status.OPEN,
        },
        status=status,
    )


@permission_required(Perm.NETWORK_VIEW)
def signal(request: HttpRequest, pk: int) -> HttpResponse:
    return _signal_page(request, _signal_for(request, pk), DecisionForm(), audited=True)


@require_POST
@permission_required(Perm.NETWORK_VIEW)
def signal_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    found = _signal_for(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _signal_page(request, found, form, status=400)
    note = form.cleaned_data["note"]
    try:
        if action == "concern":
            concern = services.signal_open_concern(actor=user_of(request), signal=found, note=note)
            messages.success(
                request, _("Concern %(code)s opened for triage.") % {"code": concern.tracking_code}
            )
        else:
            services.signal_set_aside(actor=user_of(request), signal=found, note=note)
            messages.success(request, _("Signal set aside."))
    except ValidationError as error:
        show_errors(form, error)
        return _signal_page(request, found, form, status=400)
    return redirect("network:signal", found.pk)
