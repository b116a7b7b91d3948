"""The web UI and JSON API (``wirecoder serve``): see :mod:`wirecoder.web.app` and docs/web.md."""
from .app import create_app, serve

__all__ = ["create_app", "serve"]
