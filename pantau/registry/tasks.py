from django_tasks import task

from pantau.registry.import_jobs import import_job_run


@task()
def run_import(job_id: int) -> None:
    """Runs an uploaded LKSA or children list (the job knows which)."""
    import_job_run(job_id)
