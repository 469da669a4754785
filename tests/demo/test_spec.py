"""The demo catalog's source data: theset/demo/data/*.toml read into records."""

from __future__ import annotations

import shutil

import pytest

from theset.demo.spec import DATA_DIR, load_spec


def test_a_key_the_records_do_not_know_is_refused_with_its_place(tmp_path):
    shutil.copytree(DATA_DIR, tmp_path, dirs_exist_ok=True)
    shows = tmp_path / "shows.toml"
    text = shows.read_text(encoding="utf-8")
    shows.write_text(text.replace("day = 3\n", 'day = 3\nstauts = "offsale"\n', 1), "utf-8")
    with pytest.raises(ValueError, match=r"shows\.toml \[shows\.zoe-marchetti-montreal\].*stauts"):
        load_spec(tmp_path)
