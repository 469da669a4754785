"""Builds the fictional demo catalog and its SVG art from theset/demo/data/*.toml.

scripts/build_demo_catalog.py runs it; the output is deterministic (ids and numbers come from
SHA-256 of fixed strings), so a rebuild rewrites theset/demo/built/*.json and
static/demo/**.svg byte for byte, and tests/demo/test_catalog.py checks that it does.
"""
