"""Jinja2 templates of the questions put to the model (package data)."""
