"""The TPPO task force's page: the aggregate picture of its area (counts only, nobody named)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pantau.accounts.access import require_task_force, small_counts_withheld
from pantau.cases.taskforce import THRESHOLD, task_force_picture


@login_required
def task_force(request: HttpRequest) -> HttpResponse:
    organisation = require_task_force(request.user, target_label=request.path)
    picture = task_force_picture(
        organisation, withheld=small_counts_withheld(request.user), today=timezone.localdate()
    )
    return render(
        request,
        "cases/task_force.html",
        {"task_force": organisation, "picture": picture, "threshold": THRESHOLD},
    )
