"""The page of one job: its progress bar (updated by static/js/jobs.js), then its result."""
from flask import Blueprint, Response, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _

from ..access import blueprint_roles, event_or_404
from . import services
from .kinds import KINDS

bp = blueprint_roles(Blueprint("jobs", __name__), "admin")


def job_started(event, job):
    """Where a page that started a job leads: the job's page, which shows its progress."""
    return redirect(url_for("jobs.job_page", slug=event.slug, job_id=job.id), code=303)


@bp.app_errorhandler(services.JobRunning)
def already_running(exc):
    """A start refused because the same work runs: any page that starts a job leads to the running one."""
    flash(exc.message, "error")
    return redirect(url_for("jobs.job_page", slug=exc.job.event.slug, job_id=exc.job.id))


def _event_and_job(slug, job_id):
    event = event_or_404(slug)
    return event, services.get_job(event, job_id)


@bp.route("/admin/e/<slug>/jobs/")
def job_list(slug):
    event = event_or_404(slug)
    return render_template("jobs/list.html", event=event, jobs=services.recent_jobs(event), kinds=KINDS)


@bp.route("/admin/e/<slug>/jobs/<int:job_id>")
def job_page(slug, job_id):
    event, job = _event_and_job(slug, job_id)
    return render_template("jobs/job.html", event=event, job=job, kind=KINDS[job.kind])


@bp.route("/admin/e/<slug>/jobs/<int:job_id>.json")
def job_state(slug, job_id):
    event, job = _event_and_job(slug, job_id)
    ended = job.status in ("done", "failed")
    return jsonify(status=job.status, done=job.done, total=job.total, percent=percent(job),
                   text=render_template("jobs/_progress_text.html", job=job),
                   result=render_template("jobs/_result.html", event=event, job=job) if ended else None)


@bp.route("/admin/e/<slug>/jobs/<int:job_id>/file")
def job_download(slug, job_id):
    event, job = _event_and_job(slug, job_id)
    name, data = services.job_file(job)
    mimetype = "application/pdf" if name.endswith(".pdf") else "application/octet-stream"
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def percent(job) -> int | None:
    """0–100, or None while the size of the work is not known yet."""
    if job.status == "done":
        return 100
    if not job.total:
        return None
    return min(100, job.done * 100 // job.total)


@bp.app_template_filter("job_status")
def job_status(status):
    return {"queued": _("Đang chờ bắt đầu"), "running": _("Đang chạy"), "done": _("Đã xong"),
            "failed": _("Không thành công")}.get(status, status)


bp.add_app_template_global(percent, "job_percent")
