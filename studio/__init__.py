"""Localisation content studio: one campaign brief -> checked, reviewable content per locale."""

__version__ = "0.1.0"
