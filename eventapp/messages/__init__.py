"""Outgoing messages as data: queued in the database, delivered by the task queue's workers."""
