"""Long work done by the task queue's workers, with its progress for the page that started it."""
