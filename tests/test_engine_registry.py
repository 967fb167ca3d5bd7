"""An engine registered by a newcomer is a `--backend` choice and translates, with no other edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import main
from reader.engines import BACKENDS, Engine, register_engine
from reader.engines.registry import unregister_engine
from tui_support import FakeTranslator

TINY = str(Path(__file__).parent / "fixtures" / "tiny-opus-mt-de-en")


@pytest.fixture
def fake_engine():
    register_engine(Engine("fake", lambda model, options, device, compute_type: FakeTranslator(options), "upper case"))
    yield
    unregister_engine("fake")


def test_a_registered_engine_translates(fake_engine, tmp_path, capsys):
    assert "fake" in BACKENDS
    src = tmp_path / "a.de.txt"
    src.write_text("Das Haus ist klein.\n", encoding="utf-8")
    assert main(["translate", str(src), "--backend", "fake", "--model", TINY, "--no-cache", "-q"]) == 0
    assert capsys.readouterr().out.startswith("DAS HAUS IST KLEIN")
    assert main(["compare", str(src), "--lines", "--system", f"f={TINY},backend=fake", "--ref", str(src),
                 "--no-cache", "-q"]) == 0


def test_an_unknown_engine_is_refused(capsys):
    assert "fake" not in BACKENDS
    with pytest.raises(SystemExit):
        main(["translate", "x.txt", "--backend", "fake"])
    assert "invalid choice: 'fake'" in capsys.readouterr().err
