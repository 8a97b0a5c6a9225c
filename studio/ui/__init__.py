"""The Gradio review studio: pages (queue, asset, dashboard, users) composed by ``studio.ui.app.build_ui``."""
