"""Model resolution, download and verification (``models.lock``).

A model is named one of three ways: a name in ``models.lock`` (pinned revision
and hashes), a Hub id with an explicit revision (``org/name@<commit>``), or a
local directory in the Hugging Face Marian layout. Everything resolves to a
``ResolvedModel`` with a local path and a ``key`` that identifies its exact
weights for the translation store.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

from .errors import ModelError, ModelNotFound

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

MARIAN_FILES = (
    "config.json",
    "generation_config.json",
    "source.spm",
    "target.spm",
    "vocab.json",
    "tokenizer_config.json",
)
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
MANIFEST = ".reader-manifest.json"

# The input preprocessing a model was trained with: model metadata (models.lock, config.json),
# applied by ``reader.engines.preprocess``.
Preprocess = Literal["none", "opus-mt"]
PREPROCESSING: tuple[str, ...] = get_args(Preprocess)


@dataclass(frozen=True)
class LockedFile:
    path: str
    sha256: str | None = None


@dataclass(frozen=True)
class LockedModel:
    name: str
    repo: str
    revision: str
    files: tuple[LockedFile, ...]
    alignment_layer: int = -1
    alignment_head: int = 0
    preprocess: Preprocess | None = None  # None: from its config.json (see ``config_preprocess``)


@dataclass(frozen=True)
class ModelLock:
    default: str
    models: tuple[LockedModel, ...] = field(default=())

    def find(self, name: str) -> LockedModel | None:
        for m in self.models:
            if name in (m.name, m.repo):
                return m
        return None


@dataclass(frozen=True)
class ResolvedModel:
    name: str  # what the user sees
    path: Path  # local directory in the Hugging Face Marian layout
    key: str  # identifies the exact weights, for the store
    alignment_layer: int = -1
    alignment_head: int = 0
    preprocess: Preprocess = "none"  # the input preprocessing it was trained with


def lock_path() -> Path:
    """The lock in use: $READER_MODELS_LOCK, else the one shipped with the package."""
    env = os.environ.get("READER_MODELS_LOCK")
    if env:
        return Path(env)
    packaged = Path(__file__).with_name("models.lock")
    if packaged.exists():
        return packaged
    return Path(__file__).resolve().parent.parent / "models.lock"


def load_lock(path: Path | None = None) -> ModelLock:
    path = path or lock_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"model lock not found: {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"model lock {path} is not valid TOML: {exc}") from None

    models = []
    for m in data.get("model", []):
        try:
            files = tuple(LockedFile(f["path"], f.get("sha256")) for f in m.get("file", []))
            models.append(
                LockedModel(m["name"], m["repo"], m["revision"], files,
                            int(m.get("alignment_layer", -1)), int(m.get("alignment_head", 0)), m.get("preprocess"))
            )
        except KeyError as exc:
            raise ModelError(f"model lock {path}: a model lacks {exc}") from None
        if models[-1].preprocess not in (None, *PREPROCESSING):
            raise ModelError(f"model lock {path}: {m['name']}: preprocess must be one of {', '.join(PREPROCESSING)}")
    return ModelLock(data.get("default", models[0].name if models else ""), tuple(models))


def models_dir() -> Path:
    env = os.environ.get("READER_MODELS_DIR")
    if env:
        return Path(env)
    import platformdirs

    return platformdirs.user_data_path("reader") / "models"


def locked_model_dir(model: LockedModel) -> Path:
    return models_dir() / model.repo.replace("/", "--") / model.revision


# ---------------------------------------------------------------- hashing


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def git_blob_sha1(path: Path) -> str:
    """The git object id of a file: what the Hub reports as the ETag of a non-LFS file."""
    h = hashlib.sha1(f"blob {path.stat().st_size}\0".encode())
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _read_manifest(directory: Path) -> dict[str, str]:
    try:
        return json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_manifest(directory: Path, manifest: dict[str, str]) -> None:
    tmp = directory / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, directory / MANIFEST)


def expected_sha256(model: LockedModel, directory: Path) -> dict[str, str | None]:
    """Per file: the SHA-256 from the lock, else the one recorded at pull time."""
    manifest = _read_manifest(directory)
    return {f.path: f.sha256 or manifest.get(f.path) for f in model.files}


@dataclass(frozen=True)
class FileStatus:
    path: str
    state: str  # ok | missing | mismatch | unverified
    detail: str = ""


def verify_model(model: LockedModel, directory: Path | None = None) -> list[FileStatus]:
    directory = directory or locked_model_dir(model)
    out = []
    for path, expected in expected_sha256(model, directory).items():
        local = directory / path
        if not local.is_file():
            out.append(FileStatus(path, "missing"))
            continue
        if expected is None:
            out.append(FileStatus(path, "unverified", "no hash recorded; run `reader models pull` again"))
            continue
        actual = sha256_file(local)
        if actual == expected:
            out.append(FileStatus(path, "ok", actual))
        else:
            out.append(FileStatus(path, "mismatch", f"expected {expected}, found {actual}"))
    return out


def is_present(model: LockedModel) -> bool:
    """All files are there and hashes were recorded (cheap: hashes are not recomputed)."""
    directory = locked_model_dir(model)
    expected = expected_sha256(model, directory)
    return all((directory / p).is_file() and h for p, h in expected.items())


# ---------------------------------------------------------------- download


def _offline_message(name: str, why: str) -> str:
    return (
        f"model {name!r} is not downloaded and {why}; run `reader models pull {name}` "
        "when online, or pass --model PATH to a local Marian model directory"
    )


def _hub_offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def pull_model(model: LockedModel, progress: bool = True) -> Path:
    """Download the locked files of ``model``, verifying each; return the directory."""
    if _hub_offline():
        raise ModelError(_offline_message(model.name, "HF_HUB_OFFLINE is set"))
    if not progress:
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        from huggingface_hub import get_hf_file_metadata, hf_hub_download, hf_hub_url
    except ImportError:  # pragma: no cover - a dependency
        raise ModelError("huggingface_hub is not installed") from None

    endpoint = os.environ.get("HF_ENDPOINT") or None  # read now: the hub client reads it only at import
    directory = locked_model_dir(model)
    directory.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(directory)
    for f in model.files:
        local = directory / f.path
        known = f.sha256 or manifest.get(f.path)
        if local.is_file() and known and sha256_file(local) == known:
            continue
        try:
            url = hf_hub_url(model.repo, f.path, revision=model.revision, endpoint=endpoint)
            meta = get_hf_file_metadata(url, timeout=15)
            hf_hub_download(model.repo, f.path, revision=model.revision, local_dir=directory, endpoint=endpoint)
        except Exception as exc:  # the hub client raises many kinds; all mean "cannot download"
            raise ModelError(_describe_hub_error(model, f.path, exc)) from None
        actual = sha256_file(local)
        if f.sha256:
            ok, expected = actual == f.sha256, f.sha256
        else:
            etag = (meta.etag or "").strip('"').removeprefix("W/").strip('"')
            got = actual if len(etag) == 64 else git_blob_sha1(local)
            ok, expected = got == etag, etag
        if not ok:
            local.unlink(missing_ok=True)
            raise ModelError(
                f"{model.name}: {f.path} does not match models.lock (expected {expected}, "
                f"downloaded {actual}); the file was removed"
            )
        manifest[f.path] = actual
        _write_manifest(directory, manifest)
    return directory


def _describe_hub_error(model: LockedModel, path: str, exc: Exception) -> str:
    from huggingface_hub import errors

    if isinstance(exc, (errors.RepositoryNotFoundError, errors.GatedRepoError)):
        return f"{model.repo}: repository not found or not accessible on the Hugging Face Hub"
    if isinstance(exc, errors.RevisionNotFoundError):
        return f"{model.repo}: revision {model.revision} not found on the Hugging Face Hub"
    if isinstance(exc, (errors.EntryNotFoundError, errors.RemoteEntryNotFoundError)):
        return f"{model.repo}@{model.revision}: file {path} not found on the Hugging Face Hub"
    if isinstance(exc, errors.HfHubHTTPError):
        return f"{model.repo}: the Hugging Face Hub refused the download ({str(exc).splitlines()[0]})"
    return _offline_message(model.name, "the Hugging Face Hub cannot be reached")


# ---------------------------------------------------------------- resolution


def _local_key(directory: Path) -> str:
    """Identify a local model by its config and weights, cheaply (size + mtime of weights)."""
    h = hashlib.sha256((directory / "config.json").read_bytes())
    for name in WEIGHT_FILES:
        p = directory / name
        if p.is_file():
            st = p.stat()
            h.update(f"{name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return f"dir:{directory}:{h.hexdigest()[:16]}"


def model_config(directory: Path) -> dict:
    """A model directory's config.json, or {} when it cannot be read (callers fall back to defaults)."""
    try:
        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return config if isinstance(config, dict) else {}


def config_preprocess(directory: Path) -> Preprocess:
    """A model not in the lock: a Marian model is taken for an OPUS-MT one (their preprocessing), else none."""
    return "opus-mt" if model_config(directory).get("model_type") == "marian" else "none"


def check_model_dir(directory: Path) -> None:
    missing = [f for f in ("config.json", "source.spm", "target.spm", "vocab.json") if not (directory / f).is_file()]
    if missing:
        raise ModelError(f"{directory}: not a Marian model directory (missing {', '.join(missing)})")
    if not any((directory / w).is_file() for w in WEIGHT_FILES):
        raise ModelError(f"{directory}: no weights (model.safetensors or pytorch_model.bin)")


def find_model(spec: str, lock: ModelLock) -> LockedModel | None:
    """A model named in the lock, or a Hub id pinned to a revision (``org/name@<commit>``)."""
    locked = lock.find(spec)
    if locked is None and "@" in spec:
        repo, revision = spec.split("@", 1)
        files = tuple(LockedFile(p) for p in (*MARIAN_FILES, "pytorch_model.bin"))
        locked = LockedModel(spec, repo, revision, files)
    return locked


def resolve_model(spec: str | None, auto_pull: bool = True, notify=None) -> ResolvedModel:
    """Turn ``--model`` into a local model directory, pulling a locked model on first use."""
    lock = load_lock()
    spec = spec or lock.default
    path = Path(spec).expanduser()
    if path.is_dir():
        path = path.resolve()
        check_model_dir(path)
        return ResolvedModel(str(path), path, _local_key(path), preprocess=config_preprocess(path))
    locked = find_model(spec, lock)
    if locked is None:
        if "/" in spec and not spec.startswith((".", "/", "~")):
            raise ModelNotFound(f"{spec}: not in models.lock; pin a revision as {spec}@<commit>")
        raise ModelNotFound(f"{spec}: no such model directory, and not a name in models.lock")
    key = f"{locked.repo}@{locked.revision}"
    if not is_present(locked):
        if not auto_pull:
            raise ModelError(f"model {locked.name!r} is not downloaded; run `reader models pull {locked.name}`")
        if _hub_offline():
            raise ModelError(_offline_message(locked.name, "HF_HUB_OFFLINE is set"))
        if notify:
            notify(f"Model {locked.name} is not downloaded yet; downloading {locked.repo}@{locked.revision[:12]} …")
        pull_model(locked)
    directory = locked_model_dir(locked)
    preprocess = locked.preprocess or config_preprocess(directory)
    return ResolvedModel(locked.name, directory, key, locked.alignment_layer, locked.alignment_head, preprocess)
