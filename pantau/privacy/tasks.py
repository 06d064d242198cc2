"""The retention job as a background task (a scheduler or an administrator enqueues it; cron can run
``manage.py privacy_retention`` instead). A dry run unless ``apply`` is given."""

from django_tasks import task

from pantau.privacy.retention import retention_run


@task()
def privacy_retention(apply: bool = False) -> dict[str, list[int]]:
    outcomes = retention_run(apply=apply)
    return {o.rule.key: [o.due, o.done] for o in outcomes}
