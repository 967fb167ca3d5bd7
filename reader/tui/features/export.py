"""Export: the translation, with the user's versions, written to a file in the format its extension names."""

from __future__ import annotations

from pathlib import Path

from ...document.formats import document_stem
from ...text.decoding import looks_like_url
from ..dialogs.prompt import PromptScreen
from . import ReaderFeature


class ExportFeature(ReaderFeature):
    def default_export_path(self) -> Path:
        name = Path(self.services.doc.name).name if not looks_like_url(self.services.doc.name) else "page"
        stem = document_stem(name).strip("<>") or "document"
        return Path.cwd() / f"{stem}.en.txt"

    def action_export(self) -> None:
        def done(text: str | None) -> None:
            if text:
                self.export(Path(text.strip()).expanduser())

        self.app.push_screen(
            PromptScreen(
                "Export to file", str(self.default_export_path()),
                hint=f"The format comes from the extension: {' '.join(_export_extensions())} (your edits included)",
            ),
            done,
        )

    def export(self, path: Path) -> bool:
        from ...output.writers import format_from_path, save_document

        fmt = format_from_path(path) or "txt"
        translations = self.state.export_translations()
        missing = sum(1 for t in translations if not t.text and not t.edited)
        try:
            if path.is_dir():
                raise OSError(f"{path} is a directory")
            save_document(self.services.doc, translations, fmt, path)
        except (OSError, ValueError) as exc:
            self.notify(f"Export failed: {exc}", severity="error", markup=False)
            return False
        note = f" ({missing} sentences not translated yet were left empty)" if missing else ""
        self.notify(f"Exported to {path} ({fmt}){note}.", markup=False)
        return True


def _export_extensions() -> list[str]:
    from ...output.writers import writers

    return list(dict.fromkeys(w.extension for w in writers()))
