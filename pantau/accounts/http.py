"""The signed-in request, typed.

Django types ``request.user`` as "a user or AnonymousUser". Behind ``permission_required``,
``login_required`` or the API's authentication it is always a signed-in ``User``; ``user_of`` says so
once, instead of a ``cast`` in every view. It grants or checks no permission: the guards in
``pantau.accounts.access`` do that."""

from __future__ import annotations

from django.http import HttpRequest

from pantau.accounts.models import User


def user_of(request: HttpRequest) -> User:
    """The signed-in user of a request that a sign-in guard has already let through.

    Reaching this without one is a programming error (a view missing its decorator), not a refusal to
    audit, so it fails loudly (500) instead of answering 403."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise RuntimeError("user_of() needs a view behind a sign-in guard")
    return user
