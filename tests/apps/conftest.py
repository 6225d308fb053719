"""The apps' fixtures: the directives' agencies and people (a leader, officers, an operator)."""

from tests.directives.conftest import agencies, people  # noqa: F401
