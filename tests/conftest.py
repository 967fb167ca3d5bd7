"""Keep every test (and the programs it starts) out of the user's own cache and model dirs."""

import os

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_user_dirs(tmp_path_factory):
    base = tmp_path_factory.mktemp("user-dirs")
    saved = {k: os.environ.get(k) for k in ("READER_MODELS_DIR", "READER_CACHE_DIR")}
    os.environ["READER_MODELS_DIR"] = str(base / "models")  # CTranslate2 conversions land here too
    os.environ["READER_CACHE_DIR"] = str(base / "cache")
    yield
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture
def one_torch_thread():
    """The UI thread and torch's threads share few cores in CI; one torch thread is faster there."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
