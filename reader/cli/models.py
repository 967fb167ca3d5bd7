"""`reader models list|pull|verify|shortlist`."""

from __future__ import annotations

import argparse

from ..errors import ModelError
from ..models import find_model, is_present, load_lock, locked_model_dir, pull_model, verify_model


def run_models(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    lock = load_lock()
    action = args.models_command
    if action == "shortlist":
        from .shortlist import run_shortlist

        return run_shortlist(args)
    if action in (None, "list"):
        for m in lock.models:
            state = "downloaded" if is_present(m) else "not downloaded"
            default = " (default)" if m.name == lock.default else ""
            print(f"{m.name}{default}\t{m.repo}@{m.revision}\t{state}\t{locked_model_dir(m)}")
        return 0
    name = args.name or (lock.default if action == "pull" else None)
    if name is not None and find_model(name, lock) is None:
        raise ModelError(
            f"{name}: not in models.lock (known: {', '.join(m.name for m in lock.models)}); "
            "a Hub model needs a pinned revision: ORG/NAME@<commit>"
        )
    if action == "pull":
        model = find_model(name, lock)
        directory = pull_model(model)
        print(f"{model.name}: {model.repo}@{model.revision} downloaded and verified in {directory}")
        return 0
    # verify
    models = [find_model(name, lock)] if name else [m for m in lock.models if locked_model_dir(m).exists()]
    if not models:
        print("no downloaded models to verify")
        return 0
    failed = False
    for m in models:
        for status in verify_model(m):
            print(f"{m.name}\t{status.path}\t{status.state}\t{status.detail}")
            failed |= status.state != "ok"
    if failed:
        raise ModelError("verification failed; run `reader models pull` to download missing or damaged files")
    return 0
