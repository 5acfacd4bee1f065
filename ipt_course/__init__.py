"""The course engine: content model, checks, engine, static and live front ends, Sphinx extension."""
from .course import Course
from .problems import ContentError, Problem

__all__ = ["Course", "ContentError", "Problem"]
