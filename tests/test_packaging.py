"""The distribution's name and version (pyproject.toml) against the package's own."""

import sys
from pathlib import Path

import reader

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PROJECT = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_distribution_is_not_named_reader_but_the_command_and_package_are():
    # "reader" on PyPI is a feed-reader library: `pip install reader` would install it, not this.
    assert PROJECT["name"] == "german-english-reader"
    assert PROJECT["scripts"] == {"reader": "reader.cli:main"}
    assert Path(reader.__file__).parent.name == "reader"


def test_the_package_version_is_the_distribution_version():
    assert reader.__version__ == PROJECT["version"]
