"""Check a post before publishing (a home, or an office advising homes): paste the caption, say what the
post will show, read what would be flagged and why. Nothing is stored unless "keep" is ticked."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.access import Perm, actor_of, permission_required
from pantau.accounts.http import user_of
from pantau.accounts.roles import OrgKind
from pantau.lib.ratelimit import allow
from pantau.monitoring import services
from pantau.monitoring.forms import PostCheckForm
from pantau.monitoring.models import KeptPostCheck
from pantau.monitoring.post_check import CHECKS_PER_HOUR, Declared, post_check
from pantau.monitoring.post_rules import RULES, provisions_of
from pantau.monitoring.selectors import kept_post_checks_of
from pantau.registry.models import Lksa
from pantau.registry.selectors import lksa_visible_to

KEPT_SHOWN = 20


def own_home(request: HttpRequest) -> Lksa | None:
    """An operator's own home: the permits and accounts checked are always its own."""
    actor = actor_of(request.user)
    if actor is None or actor.organisation.kind != OrgKind.LKSA:
        return None
    return lksa_visible_to(request.user).first()


def within_limit(request: HttpRequest) -> bool:
    return allow(f"post-check:{request.user.pk}", limit=CHECKS_PER_HOUR, window_seconds=3600)


@permission_required(Perm.POST_CHECK)
def post_check_page(request: HttpRequest) -> HttpResponse:
    home = own_home(request)
    homes = None if home else lksa_visible_to(request.user).public().order_by("name")
    form = PostCheckForm(request.POST or None, homes=homes, own_home=home)
    context: dict[str, Any] = {"form": form, "home": home, "rules": _rules_table()}
    status = 200
    if request.method == "POST":
        if not within_limit(request):
            form.add_error(None, _("Too many checks in the last hour. Try again later."))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            declared = Declared(data["is_live"], data["children_shown"], data["asks_money"])
            target = home or data.get("lksa")
            check = post_check(data["caption"], declared, home=target, today=timezone.localdate())
            context["result"] = check.as_dict()
            kept = None
            if data["keep"]:
                kept = KeptPostCheck(
                    lksa=target,
                    caption=data["caption"],
                    is_live=declared.is_live,
                    children_shown=declared.children_shown,
                    asks_money=declared.asks_money,
                    result=context["result"],
                )
            services.post_check_record(actor=user_of(request), kept=kept)
            context["kept"] = kept is not None
        else:
            status = 400
    context["kept_checks"] = list(kept_post_checks_of(request.user)[:KEPT_SHOWN])
    return render(request, "monitoring/post_check.html", context, status=status)


def _rules_table() -> list[dict[str, Any]]:
    return [{"rule": rule, "provisions": provisions_of(rule)} for rule in RULES.values()]
