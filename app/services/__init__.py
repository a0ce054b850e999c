"""Qt-side services: engine adapter, background tasks, vault controller and desktop plumbing."""
