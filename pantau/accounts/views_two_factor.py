"""The second-factor pages: the code step after the password, setting up an authenticator, recovery codes."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from pantau.accounts.forms import SecondFactorCodeForm
from pantau.accounts.http import user_of
from pantau.accounts.throttle import address_bucket, sign_in_address_locked, sign_in_failed
from pantau.accounts.two_factor import (
    CodeRefused,
    enrolment_device,
    has_second_factor,
    is_verified,
    qr_svg,
    recovery_codes_left,
    recovery_codes_regenerate,
    second_factor_check,
    second_factor_enrol,
    second_factor_locked,
    secret_text,
)

# Until the code is in, the page shows no menu: its links would all lead back here.
_NO_MENU: dict[str, Any] = {"actor": None, "nav_perms": set()}

_REFUSALS = {
    "wrong_code": lambda: _("That code is not right. Type the code your app shows now, or a recovery code."),
    "wait": lambda: _("Too many wrong codes in a row. Wait a few seconds, then try again."),
}


def _next(request: HttpRequest) -> str:
    """Where to go once the code is in: the page first asked for, if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


def _with_next(name: str, next_url: str) -> str:
    url = reverse(name)
    return url if next_url == reverse("core:home") else f"{url}?{urlencode({'next': next_url})}"


def _locked(request: HttpRequest) -> HttpResponse:
    """Sign the session out and say why; a new sign-in meets the same lock until it expires."""
    address_locked = sign_in_address_locked(request)
    logout(request)
    return render(request, "accounts/locked_out.html", {"address_locked": address_locked}, status=429)


@never_cache
@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    next_url = _next(request)
    if is_verified(user):
        return redirect(next_url)
    if not has_second_factor(user):
        return redirect(_with_next("accounts:otp_enrol", next_url))
    address = address_bucket(request)
    if second_factor_locked(user, address) or sign_in_address_locked(request):
        return _locked(request)
    form = SecondFactorCodeForm(request.POST or None, label=_("Code from your authenticator app"))
    if request.method == "POST" and form.is_valid():
        check = second_factor_check(user=user, code=form.cleaned_data["code"], address=address)
        if check.device is not None:
            otp_login(request, check.device)
            if check.method == "recovery_code":
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; %(count)s are left. If your phone is lost, ask "
                        "your administrator to reset your second factor."
                    )
                    % {"count": recovery_codes_left(user)},
                )
            return redirect(next_url)
        sign_in_failed(request)
        if check.refusal == "locked" or sign_in_address_locked(request):
            return _locked(request)
        form.add_error("code", _REFUSALS[check.refusal]())
    status = 400 if form.errors else 200
    context = {"form": form, "next": next_url, **_NO_MENU}
    return render(request, "accounts/otp_verify.html", context, status=status)


@never_cache
@login_required
def otp_enrol(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    next_url = _next(request)
    if has_second_factor(user):
        # Set up already: the code step (which lets a verified session through to where it was going).
        return redirect(_with_next("accounts:otp_verify", next_url))
    device = enrolment_device(user)
    form = SecondFactorCodeForm(request.POST or None, label=_("Code shown by the app"), digits_only=True)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor_enrol(user=user, device=device, code=form.cleaned_data["code"])
        except CodeRefused as refused:
            form.add_error("code", refused.message)
        else:
            otp_login(request, TOTPDevice.objects.get(pk=device.pk))
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": next_url, "first_time": True},
            )
    context = {
        "form": form,
        "next": next_url,
        "qr": qr_svg(device),
        "secret": secret_text(device),
        **_NO_MENU,
    }
    return render(request, "accounts/otp_enrol.html", context, status=400 if form.errors else 200)


@never_cache
@require_POST
@login_required
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    """New recovery codes from the account page, after a fresh code from the authenticator app."""
    user = user_of(request)
    address = address_bucket(request)
    form = SecondFactorCodeForm(request.POST, digits_only=True)
    if not form.is_valid():
        messages.error(request, _("Type the six digits your authenticator app shows."))
        return redirect("accounts:profile")
    check = second_factor_check(user=user, code=form.cleaned_data["code"], address=address, totp_only=True)
    if check.device is None:
        sign_in_failed(request)
        if check.refusal == "locked" or sign_in_address_locked(request):
            return _locked(request)
        if check.refusal == "wrong_code":  # recovery codes do not count here: only the app proves the phone
            messages.error(
                request, _("That code is not right. Type the code your authenticator app shows now.")
            )
        else:
            messages.error(request, _REFUSALS[check.refusal]())
        return redirect("accounts:profile")
    codes = recovery_codes_regenerate(user=user)
    # The session may have been verified with a recovery code, whose device was just replaced: keep it
    # signed in on the authenticator that gave this code.
    otp_login(request, check.device)
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts:profile")}
    )
