from django_tasks import task

from pantau.imports.runner import import_job_run


@task()
def run_import(job_id: int) -> None:
    """Runs an uploaded list of any kind (the job knows which)."""
    import_job_run(job_id)
