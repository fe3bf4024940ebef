"""Renderers: they only format results, never compute them."""
