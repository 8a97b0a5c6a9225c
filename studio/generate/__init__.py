"""Generators for the studio's asset kinds: text (LLM), translation, images, video scripts.

Each generator is built from a model spec (``studio.generate.profiles.ModelSpec``) with ``from_spec`` and keeps
its model for the life of the process.
"""
