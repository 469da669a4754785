"""Blueprints: parse input, call a service, render."""
