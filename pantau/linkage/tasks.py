from django_tasks import task

from pantau.linkage.models import LinkageRun
from pantau.linkage.services import run_execute


@task()
def run_linkage(run_id: int) -> None:
    """A batch run started from the runs page (in the background with the database task backend)."""
    run_execute(LinkageRun.objects.get(pk=run_id))
