"""Serving and publishing the linked data: a content-negotiating server and a static site."""

from diplograph.web.app import build_dataset, create_app

__all__ = ["create_app", "build_dataset"]
