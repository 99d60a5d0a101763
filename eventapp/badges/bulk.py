"""Large badge PDFs as background work (eventapp.jobs): a print run of more than BACKGROUND_OVER
badges is drawn by a worker, and its page offers the file when done."""
from ..extensions import db
from ..jobs import services as jobs
from ..jobs.models import Job
from ..jobs.runner import JobResult
from . import services

BACKGROUND_OVER = 500  # up to this many badges, the PDF is drawn while the organiser waits (about 1.5 s)


def in_background(batch) -> bool:
    return batch.guest_count > BACKGROUND_OVER


def start_batch_pdf(event, batch, user=None, mode="office"):
    """Queues the drawing of a print run's PDF; JobRunning while another badge PDF is being drawn."""
    return jobs.start("badges.pdf", event, user=user, total=batch.guest_count,
                      params={"batch_id": batch.id, "mode": mode})


def render_batch_pdf(job, progress) -> JobResult:
    batch = services.get_batch(job.event, int(job.params["batch_id"]))
    guests = services.batch_guests(batch)
    progress(0, total=len(guests), phase="rendering")
    data = services.render_guests(batch.event, guests, batch.layout, progress=progress,
                                  mode=job.params.get("mode") or "office")
    name = f"the-{job.event.slug}-dot-{batch.id}.pdf"
    return JobResult({"batch_id": batch.id, "badges": len(guests)}, file_name=name, file_data=data)


def finished_pdf(batch) -> Job | None:
    """The newest finished job that drew this print run's PDF, if any (its file is served again)."""
    jobs_of_batch = db.session.execute(
        db.select(Job).where(Job.event_id == batch.event_id, Job.kind == "badges.pdf", Job.status == "done")
        .order_by(Job.id.desc())).scalars()
    return next((j for j in jobs_of_batch if (j.params or {}).get("batch_id") == batch.id), None)
