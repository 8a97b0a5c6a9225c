"""Generators for the studio's asset kinds: text (LLM), translation, images, video scripts.

Each model of a profile names a backend (``studio.generate.backends``), which loads it into an object
with its role's protocol (TextModel, Translator, ImageModel); a process keeps each model loaded.
"""
