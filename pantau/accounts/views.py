from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pantau.accounts import exports, services, two_factor
from pantau.accounts.access import (
    Perm,
    administered_among,
    get_organisation_for,
    get_own_token,
    get_user_for,
    members_visible_to,
    organisations_visible_to,
    permission_required,
    tokens_of,
    users_visible_to,
)
from pantau.accounts.forms import (
    ApiTokenForm,
    LoginForm,
    OrganisationFilterForm,
    OrganisationForm,
    SecondFactorCodeForm,
    UserCreateForm,
    UserEditForm,
)
from pantau.accounts.http import user_of
from pantau.accounts.models import Membership, User
from pantau.accounts.throttle import sign_in_address_locked
from pantau.audit.exports import export_response
from pantau.audit.services import snapshot

# A non-secret cookie that survives the session: it lets the login page tell "your session expired"
# apart from a first visit.
SEEN_COOKIE = "pantau_seen"


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Too many failed sign-ins from this address, whatever the accounts: refused before any password
        # is checked, until the window ends (PANTAU_LOGIN_ADDRESS_FAILURE_LIMIT).
        if sign_in_address_locked(request):
            return render(request, "accounts/locked_out.html", {"address_locked": True}, status=429)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["session_expired"] = bool(
            self.request.method == "GET"
            and self.request.GET.get("next")
            and self.request.COOKIES.get(SEEN_COOKIE)
        )
        return context

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        response.set_cookie(
            SEEN_COOKIE,
            "1",
            max_age=90 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        if user.preferred_language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.preferred_language,
                httponly=True,
                samesite="Lax",
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response.delete_cookie(SEEN_COOKIE)
        messages.info(request, _("You have signed out."))
        return response


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    # The current password is asked for, except right after sign-in with a temporary one: that stops
    # someone at an unlocked screen from taking the account over.
    form_class = SetPasswordForm if user.must_change_password else PasswordChangeForm
    form = form_class(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_change_own_password(user=user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("core:home")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    return render(request, "accounts/profile.html", _profile_context(user, ApiTokenForm()))


def _profile_context(user: User, token_form: ApiTokenForm) -> dict[str, Any]:
    return {
        "tokens": tokens_of(user),
        "token_form": token_form,
        "authenticator": two_factor.totp_device(user),
        "recovery_codes_left": two_factor.recovery_codes_left(user),
        "code_form": SecondFactorCodeForm(
            digits_only=True, autofocus=False, label=_("Code from your authenticator app")
        ),
        "rotation_grace_minutes": settings.PANTAU_API_TOKEN_ROTATION_GRACE_MINUTES,
    }


@never_cache
@require_POST
@permission_required(Perm.API_TOKEN_OWN)
def token_create(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return render(request, "accounts/profile.html", _profile_context(user, form), status=400)
    token, clear = services.api_token_create(
        user=user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
    )
    return render(request, "accounts/token_created.html", {"token": token, "clear": clear})


@never_cache
@require_POST
@permission_required(Perm.API_TOKEN_OWN)
def token_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_own_token(request.user, pk)
    try:
        new, clear = services.api_token_rotate(user=token.user, token=token)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("accounts:profile")
    token.refresh_from_db()  # the service shortened the old token's life on its own copy
    return render(request, "accounts/token_created.html", {"token": new, "clear": clear, "replaced": token})


@require_POST
@permission_required(Perm.API_TOKEN_OWN)
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_own_token(request.user, pk)
    services.api_token_revoke(user=token.user, token=token)
    messages.success(request, _("The token has been revoked."))
    return redirect("accounts:profile")


# --- Organisations --------------------------------------------------------------------------------


@permission_required(Perm.ORG_VIEW)
def organisation_list(request: HttpRequest, fmt: str = "") -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    organisations = organisations_visible_to(request.user).annotate(
        member_count=Count("memberships", filter=Q(memberships__is_active=True))
    )
    if form.is_valid():
        if form.cleaned_data["q"]:
            organisations = organisations.filter(name__icontains=form.cleaned_data["q"])
        if form.cleaned_data["kind"]:
            organisations = organisations.filter(kind=form.cleaned_data["kind"])
    if fmt:  # the list as a file (pantau/lib/exports.py): same scope, filters and columns
        return export_response(request, exports.ORGANISATIONS, organisations.order_by("name", "pk"), fmt)
    page = Paginator(organisations.order_by("name", "pk"), 25).get_page(request.GET.get("page"))
    return render(request, "accounts/organisation_list.html", {"page": page, "form": form})


@permission_required(Perm.ORG_VIEW)
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for(request.user, pk)
    members = members_visible_to(request.user, organisation)
    sub_units = organisations_visible_to(request.user).filter(parent=organisation)
    return render(
        request,
        "accounts/organisation_detail.html",
        {"organisation": organisation, "members": members, "sub_units": sub_units},
    )


@permission_required(Perm.ORG_MANAGE)
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(
            actor=user_of(request),
            organisation=form.save(commit=False),
            members=list(form.cleaned_data["member_agencies"]),
        )
        messages.success(request, _("Organisation %(name)s has been created.") % {"name": organisation.name})
        return redirect("accounts:organisation_detail", pk=organisation.pk)
    return render(request, "accounts/organisation_form.html", {"form": form}, status=_status(request, form))


@permission_required(Perm.ORG_MANAGE)
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for(request.user, pk, need=Perm.ORG_MANAGE)
    before = snapshot(organisation, services.ORG_FIELDS)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(
            actor=user_of(request),
            organisation=form.save(commit=False),
            before=before,
            members=list(form.cleaned_data["member_agencies"]),
        )
        messages.success(request, _("Changes saved."))
        return redirect("accounts:organisation_detail", pk=organisation.pk)
    return render(
        request,
        "accounts/organisation_form.html",
        {"form": form, "organisation": organisation},
        status=_status(request, form),
    )


# --- Users ----------------------------------------------------------------------------------------


@permission_required(Perm.USER_VIEW)
def user_list(request: HttpRequest, fmt: str = "") -> HttpResponse:
    q = request.GET.get("q", "").strip()
    users = users_visible_to(request.user)
    if q:
        users = users.filter(Q(full_name__icontains=q) | Q(email__icontains=q))
    memberships = Membership.objects.filter(is_active=True).select_related("organisation")
    users = users.prefetch_related(
        Prefetch("memberships", queryset=memberships, to_attr="current_memberships")
    )
    if fmt:  # the list as a file (pantau/lib/exports.py): same scope, filters and columns
        return export_response(request, exports.USERS, users.order_by("full_name", "pk"), fmt)
    page = Paginator(users.order_by("full_name", "pk"), 25).get_page(request.GET.get("page"))
    # A name links to the account's page only when the reader may open it (not their own, a fellow
    # administrator's or an auditor's): the same rule the page applies, from the memberships loaded above.
    administered = administered_among(
        request.user,
        [(u, next((m for m in u.current_memberships if m.organisation.is_active), None)) for u in page],
    )
    return render(request, "accounts/user_list.html", {"page": page, "q": q, "administered": administered})


@never_cache
@permission_required(Perm.USER_MANAGE)
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None, actor_user=user_of(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user, password = services.user_create(
            actor=user_of(request),
            email=data["email"],
            full_name=data["full_name"],
            phone=data["phone"],
            organisation=data["organisation"],
            role=data["role"],
        )
        return render(request, "accounts/password_issued.html", {"target": user, "password": password})
    return render(request, "accounts/user_form.html", {"form": form}, status=_status(request, form))


@permission_required(Perm.USER_MANAGE)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_user_for(request.user, pk, need=Perm.USER_MANAGE)
    before = snapshot(target, services.USER_FIELDS)
    form = UserEditForm(request.POST or None, instance=target, actor_user=user_of(request))
    if request.method == "POST" and form.is_valid():
        services.user_update(
            actor=user_of(request),
            user=form.save(commit=False),
            before=before,
            role=form.cleaned_data["role"],
        )
        messages.success(request, _("Changes saved."))
        return redirect("accounts:user_list")
    context = {"form": form, "target": target, "authenticator": two_factor.totp_device(target)}
    return render(request, "accounts/user_form.html", context, status=_status(request, form))


@require_POST
@permission_required(Perm.USER_MANAGE)
def user_set_active(request: HttpRequest, pk: int) -> HttpResponseBase:
    target = get_user_for(request.user, pk, need=Perm.USER_MANAGE)
    active = request.POST.get("active") == "1"
    services.user_set_active(actor=user_of(request), user=target, active=active)
    messages.success(
        request, _("The account is active again.") if active else _("The account has been deactivated.")
    )
    return redirect("accounts:user_edit", pk=target.pk)


@never_cache
@require_POST
@permission_required(Perm.USER_MANAGE)
def user_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_user_for(request.user, pk, need=Perm.USER_MANAGE)
    password = services.user_reset_password(actor=user_of(request), user=target)
    return render(request, "accounts/password_issued.html", {"target": target, "password": password})


@require_POST
@permission_required(Perm.USER_MANAGE)
def user_reset_second_factor(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove the person's authenticator and recovery codes and end their sessions (audited): they set
    up a new authenticator at their next sign-in. Same authority as a password reset."""
    target = get_user_for(request.user, pk, need=Perm.USER_MANAGE)
    two_factor.user_reset_second_factor(actor=user_of(request), user=target)
    messages.success(
        request,
        _("The second factor has been reset. %(name)s sets up an authenticator app at the next sign-in.")
        % {"name": target.full_name},
    )
    return redirect("accounts:user_edit", pk=target.pk)


def _status(request: HttpRequest, form: Any) -> int:
    """400 for a submitted form with errors, so clients and tests can tell a refusal from a page view."""
    return 400 if request.method == "POST" and form.errors else 200
