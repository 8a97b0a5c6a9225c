"""Core: settings, the error tree, YAML loading with file:line errors."""
