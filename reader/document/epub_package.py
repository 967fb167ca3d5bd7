"""An EPUB's package (EPUB 2 and 3): the zip, its OPF's metadata, manifest and spine, and its table of contents.

Read with the standard library's ``zipfile`` and lxml (docs/architecture.md, "Libraries,
and why"). Everything that makes a book unreadable is an ``InputError`` with one line:
a file that is not a zip or has no package document, a spine item that is missing,
content encrypted by DRM (font obfuscation is not DRM: the text is readable).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from urllib.parse import unquote

from ..errors import InputError
from ..text.containers import zip_mimetype
from .xhtml import local, parse_xhtml, resolve, types_of
from .zip_limits import refuse_zip_bomb

EPUB_MIMETYPE = b"application/epub+zip"
# Font obfuscation (IDPF, Adobe): the fonts are scrambled, the text is not.
FONT_OBFUSCATION = frozenset({"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"})
_ENC = "{http://www.w3.org/2001/04/xmlenc#}"


@dataclass(frozen=True)
class Item:
    id: str
    path: str  # in the zip
    media_type: str
    properties: frozenset[str] = frozenset()


@dataclass(frozen=True)
class NavPoint:
    title: str
    path: str
    fragment: str
    level: int


@dataclass(frozen=True)
class Package:
    zip: zipfile.ZipFile
    opf_path: str
    version: str
    title: str
    language: str
    identifier: str
    creators: tuple[str, ...]
    manifest: dict[str, Item]  # by path
    spine: tuple[Item, ...]
    toc: tuple[NavPoint, ...]
    nav_path: str | None  # the EPUB 3 navigation document
    kept_paths: frozenset[str]  # the guide's cover, title page and table of contents (EPUB 2)
    cover: str | None

    def read(self, path: str) -> bytes:
        return self.zip.read(path)


def is_epub(data: bytes) -> bool:
    """A zip whose first file is ``mimetype`` saying ``application/epub+zip`` (or which has it anywhere)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    if data[30:38] == b"mimetype" and data[38:38 + len(EPUB_MIMETYPE)] == EPUB_MIMETYPE:
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return zip_mimetype(archive) == EPUB_MIMETYPE
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError, ValueError):
        return False


def open_package(data: bytes, name: str) -> Package:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(f"{name}: is not an EPUB book (not a zip archive)") from None
    refuse_zip_bomb(archive, name)
    names = set(archive.namelist())
    if "META-INF/container.xml" not in names:
        raise InputError(f"{name}: is not an EPUB book (a zip without META-INF/container.xml)")
    _refuse_drm(archive, names, name)
    root = _xml(archive, "META-INF/container.xml", name)
    opf_path = next((el.get("full-path") for el in root.iter() if local(el.tag) == "rootfile" and el.get("full-path")), None)
    if opf_path is None or opf_path not in names:
        raise InputError(f"{name}: is not an EPUB book (its container names no package document it has)")
    opf = _xml(archive, opf_path, name)
    version = opf.get("version", "2.0")
    metadata = next((el for el in opf if local(el.tag) == "metadata"), opf)
    texts: dict[str, list[str]] = {}
    for el in metadata.iter():
        if isinstance(el.tag, str) and el.tag.startswith("{http://purl.org/dc/elements/1.1/}") and (el.text or "").strip():
            texts.setdefault(local(el.tag), []).append(" ".join(el.text.split()))
    unique = opf.get("unique-identifier")
    identifier = next((" ".join((el.text or "").split()) for el in metadata.iter()
                       if local(el.tag) == "identifier" and el.get("id") == unique), None) or (texts.get("identifier") or [""])[0]
    manifest_by_id: dict[str, Item] = {}
    for el in opf.iter():
        if local(el.tag) == "item" and el.get("id") and el.get("href"):
            path, _ = resolve(opf_path, el.get("href"))
            if el.get("id") in manifest_by_id and manifest_by_id[el.get("id")].path != path:
                # Which file the spine means is a guess; guessing would drop a chapter without a word.
                raise InputError(f"{name}: its manifest gives the id {el.get('id')!r} to two files "
                                 f"({manifest_by_id[el.get('id')].path}, {path})")
            manifest_by_id[el.get("id")] = Item(el.get("id"), path, el.get("media-type", ""),
                                                frozenset((el.get("properties") or "").split()))
    spine_el = next((el for el in opf.iter() if local(el.tag) == "spine"), None)
    spine: list[Item] = []
    for ref in (spine_el if spine_el is not None else ()):
        if local(ref.tag) != "itemref":
            continue
        item = manifest_by_id.get(ref.get("idref", ""))
        if item is None:
            raise InputError(f"{name}: its spine names {ref.get('idref')!r}, which its manifest does not have")
        if _member(names, item.path) is None:
            raise InputError(f"{name}: its spine names {item.path}, which is missing from the book")
        spine.append(Item(item.id, _member(names, item.path), item.media_type, item.properties))
    if not spine:
        raise InputError(f"{name}: is not a readable EPUB book (its spine is empty)")
    nav = next((i for i in manifest_by_id.values() if "nav" in i.properties and _member(names, i.path)), None)
    toc: tuple[NavPoint, ...] = ()
    if nav is not None:
        toc = _nav_points(archive.read(_member(names, nav.path)), _member(names, nav.path))
    if not toc and spine_el is not None and spine_el.get("toc") in manifest_by_id:
        ncx = manifest_by_id[spine_el.get("toc")]
        if _member(names, ncx.path):
            toc = _ncx_points(_xml(archive, _member(names, ncx.path), name), ncx.path)
    kept = {resolve(opf_path, ref.get("href"))[0] for ref in opf.iter()
            if local(ref.tag) == "reference" and ref.get("href")
            and ref.get("type", "").lower() in ("cover", "toc", "title-page", "copyright-page")}
    cover = next((i.path for i in manifest_by_id.values() if "cover-image" in i.properties), None)
    if cover is None:  # EPUB 2: <meta name="cover" content="the image's id"/>
        cover_id = next((el.get("content") for el in metadata.iter() if local(el.tag) == "meta" and el.get("name") == "cover"), None)
        cover = manifest_by_id[cover_id].path if cover_id in manifest_by_id else None
    return Package(archive, opf_path, version, (texts.get("title") or [""])[0], (texts.get("language") or ["de"])[0],
                   identifier, tuple(texts.get("creator", ())), {i.path: i for i in manifest_by_id.values()},
                   tuple(spine), toc, _member(names, nav.path) if nav else None, frozenset(kept),
                   _member(names, cover) if cover else None)


def _member(names: set[str], path: str) -> str | None:
    """The zip's name for ``path`` (a sloppy book's href may differ in case)."""
    if path in names:
        return path
    lower = path.lower()
    return next((n for n in names if n.lower() == lower), None)


def _xml(archive: zipfile.ZipFile, path: str, name: str):
    root = parse_xhtml(archive.read(path))
    if root is None:
        raise InputError(f"{name}: its {path} cannot be read as XML")
    return root


def _refuse_drm(archive: zipfile.ZipFile, names: set[str], name: str) -> None:
    """DRM: ``encryption.xml`` names a file encrypted other than by font obfuscation (or Adobe's rights.xml is there)."""
    if "META-INF/encryption.xml" not in names:
        return
    root = parse_xhtml(archive.read("META-INF/encryption.xml"))
    for data in (root.iter(f"{_ENC}EncryptedData") if root is not None else ()):
        method = data.find(f"{_ENC}EncryptionMethod")
        algorithm = method.get("Algorithm", "") if method is not None else ""
        if algorithm in FONT_OBFUSCATION:
            continue
        refs = [el.get("URI", "") for el in data.iter(f"{_ENC}CipherReference")]
        raise InputError(f"{name}: is protected by DRM ({unquote(refs[0]) if refs else 'its content'} is encrypted); "
                         "reader can only read books without DRM")


def _nav_points(data: bytes, path: str) -> tuple[NavPoint, ...]:
    root = parse_xhtml(data)
    if root is None:
        return ()
    nav = next((el for el in root.iter() if local(el.tag) == "nav" and "toc" in types_of(el)), None)
    if nav is None:
        return ()
    points: list[NavPoint] = []

    def walk(ol, level: int) -> None:
        for li in (child for child in ol if local(child.tag) == "li"):
            link = next((c for c in li if local(c.tag) in ("a", "span")), None)
            if link is not None and link.get("href"):
                target, fragment = resolve(path, link.get("href"))
                points.append(NavPoint(" ".join("".join(link.itertext()).split()), target, fragment, level))
            for sub in (c for c in li if local(c.tag) == "ol"):
                walk(sub, level + 1)

    for ol in (child for child in nav if local(child.tag) == "ol"):
        walk(ol, 1)
    return tuple(points)


def _ncx_points(root, path: str) -> tuple[NavPoint, ...]:
    points: list[NavPoint] = []

    def walk(parent, level: int) -> None:
        for point in (c for c in parent if local(c.tag) == "navpoint"):
            label = next((c for c in point.iter() if local(c.tag) == "text"), None)
            content = next((c for c in point if local(c.tag) == "content"), None)
            if content is not None and content.get("src"):
                target, fragment = resolve(path, content.get("src"))
                title = " ".join("".join(label.itertext()).split()) if label is not None else ""
                points.append(NavPoint(title, target, fragment, level))
            walk(point, level + 1)

    nav_map = next((el for el in root.iter() if local(el.tag) == "navmap"), None)
    if nav_map is not None:
        walk(nav_map, 1)
    return tuple(points)


def media_type_of(path: str) -> str:
    return {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
            ".svg": "image/svg+xml"}.get(posixpath.splitext(path)[1].lower(), "")
