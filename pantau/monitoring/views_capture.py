"""Pages: monitored accounts, capturing a post by hand (or from a public concern), bulk import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from pantau.accounts.access import Perm, permission_required
from pantau.accounts.http import user_of
from pantau.cases.selectors import concerns_for_triage
from pantau.lib.forms import show_errors
from pantau.lib.normalise import normalise_handle
from pantau.monitoring import services
from pantau.monitoring.forms import AccountForm, CaptureForm, ImportForm
from pantau.monitoring.models import Post
from pantau.monitoring.selectors import monitored_accounts_visible_to
from pantau.registry.selectors import home_filter, lksa_visible_to


@permission_required(Perm.MONITORING_WORK)
def account_list(request: HttpRequest) -> HttpResponse:
    accounts = monitored_accounts_visible_to(request.user)
    form = AccountForm(request.POST or None, homes=lksa_visible_to(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            account = services.account_register(actor=user_of(request), account=form.save(commit=False))
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("%(account)s is now monitored.") % {"account": account})
            return redirect("monitoring:account_list")
    if home := home_filter(request.user, request.GET.get("lksa")):  # from the home's page
        accounts = accounts.filter(lksa=home)
    rows = accounts.select_related("lksa").order_by("platform", "handle_normalised")[:500]
    return render(
        request,
        "monitoring/account_list.html",
        {"accounts": rows, "form": form, "home": home},
        status=400 if form.errors else 200,
    )


@permission_required(Perm.MONITORING_WORK)
def capture(request: HttpRequest) -> HttpResponseBase:
    """Capture one post or live stream. From a public concern (``?concern=``) the concern's account and
    description are offered, and the post stays linked to it."""
    accounts = monitored_accounts_visible_to(request.user)
    concern = None
    if request.GET.get("concern", "").isdigit():
        concern = concerns_for_triage(request.user).filter(pk=int(request.GET["concern"])).first()
    initial: dict[str, object] = {}
    if request.GET.get("account", "").isdigit():
        initial["account"] = request.GET["account"]
    if concern is not None:
        handle = normalise_handle(concern.subject_text.split()[0]) if concern.subject_text else ""
        match = accounts.filter(handle_normalised=handle).first() if handle else None
        initial.update({"text": concern.description, "account": match.pk if match else None})
    form = CaptureForm(request.POST or None, request.FILES or None, accounts=accounts, initial=initial)
    if request.method == "POST" and form.is_valid():
        post = form.save(commit=False)
        post.source = Post.Source.CONCERN if concern else Post.Source.MANUAL
        post.concern = concern
        try:
            services.post_capture(
                actor=user_of(request), post=post, screenshot=form.cleaned_data["screenshot_file"]
            )
        except ValidationError as error:
            form.add_error("screenshot_file" if not hasattr(error, "error_dict") else None, error)
        else:
            messages.success(
                request, _("Captured and screened: %(tier)s.") % {"tier": post.get_tier_display()}
            )
            return redirect("monitoring:post_detail", pk=post.pk)
    return render(
        request,
        "monitoring/capture.html",
        {"form": form, "concern": concern, "has_accounts": accounts.exists()},
        status=400 if form.errors else 200,
    )


@permission_required(Perm.MONITORING_WORK)
def import_posts(request: HttpRequest) -> HttpResponse:
    accounts = monitored_accounts_visible_to(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, accounts=accounts)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = services.posts_import(
                actor=user_of(request),
                name=str(getattr(request.FILES.get("file"), "name", "")),
                data=form.cleaned_data["file"],
                default_account=form.cleaned_data["account"],
                visible=accounts,
            )
        except ValidationError as error:
            form.add_error("file", error)
    return render(
        request,
        "monitoring/import.html",
        {"form": form, "report": report},
        status=400 if form.errors else 200,
    )
