"""`flask --app eventapp worker [--workers N]`: delivers the queued messages and runs the long work
(imports, mailings, the booth allocator, large badge PDFs) with Huey's consumer."""
import logging

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("worker")
# Three threads: a long job (the allocator may search for two minutes) holds one, and mail still goes.
@click.option("--workers", default=3, show_default=True, type=click.IntRange(1, 32),
              help="Số luồng chạy song song (gửi thư, việc chạy nền).")
@with_appcontext
def worker_command(workers):
    """Chạy tiến trình gửi thư trong hàng đợi (dừng bằng Ctrl-C)."""
    from .delivery import recover_at_start
    from .queue import task_queue

    queue = task_queue(current_app._get_current_object())
    if queue.huey.immediate:
        raise click.ClickException("TESTING: hàng đợi chạy ngay trong tiến trình, không cần worker.")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    click.echo(f"Worker: {workers} luồng, hàng đợi {type(queue.huey).__name__}. Ctrl-C để dừng.")
    # A worker that was killed left its messages in "sending": take them back now rather than
    # after delivery.STUCK_AFTER, and queue what is due now rather than at the next minute.
    recovered = recover_at_start()
    if recovered:
        click.echo(f"Đã thu hồi {recovered} thư đang gửi dở.")
    queue.requeue()
    # Threads: sending mail waits on the network; the periodic task (every minute) runs here too.
    # An idle consumer polls a SQLite queue at most a second apart (Huey's default is 10 s): a
    # confirmation mail leaves within a second of the registration. Redis blocks instead of polling.
    queue.huey.create_consumer(workers=workers, worker_type="thread", periodic=True, max_delay=1.0).run()


commands = [worker_command]
