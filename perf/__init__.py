"""Performance measurements (build time, memory, page render times), kept apart from the tests."""
