"""Pilot tests of the compare view (`reader compare … --view`, issue 9): diff marks, orderings, the filter,
forced alignment lighting on a reference with the tiny model, and the CLI that opens it."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("textual")

from reader.cli import main  # noqa: E402
from reader.compare.view_model import CompareModel, Version  # noqa: E402
from reader.engines import DecodingOptions, open_translator  # noqa: E402
from reader.tui.compare_view.app import CompareApp  # noqa: E402
from reader.tui.keys import keys_of  # noqa: E402
from reader.tui.dialogs.help import HelpScreen  # noqa: E402

from tui_support import TINY_MODEL, has_bg, screen_lines, styles_of, sync_tests, wait_for  # noqa: E402

SIZE = (110, 36)
GERMAN = ["Der Hund schläft.", "Die Katze läuft schnell über die Straße.", "Ein Haus."]
REF = ("The dog sleeps.", "The cat runs fast across the road.", "A house.")
SYS_A = ("The dog sleeps.", "The cat walks quickly across the street.", "A house.")
SYS_B = ("The hound is sleeping.", "The cat runs fast.", "A house.")


def tiny():
    return open_translator(str(TINY_MODEL), DecodingOptions(), "torch", "cpu")


def make_model(german=GERMAN, ref=REF, a=SYS_A, b=SYS_B) -> CompareModel:
    return CompareModel(german, [Version("ref", "reference", ref), Version("sysA", "file", a), Version("sysB", "model", b)])


def component(view, name: str):
    return view.get_component_rich_style(f"versions--{name}")


async def aligned(pilot, screen) -> None:
    await wait_for(pilot, lambda: screen.model.alignments and not screen.view.pending, timeout=60)


async def test_rows_show_the_german_and_every_version_with_diff_marks():
    app = CompareApp(make_model())
    async with app.run_test(size=SIZE) as pilot:
        view = app.compare.view
        lines = screen_lines(view)
        assert "#1" in lines[0] and "Der Hund schläft." in lines[0]
        assert [line.split("│")[0].split()[0] for line in lines[1:4]] == ["ref", "sysA", "sysB"]
        assert "pivot" in lines[1]  # the first reference is the pivot
        diff = component(view, "diff")
        styles = styles_of(view, "walks quickly")
        assert any(s is not None and s.color == diff.color for s in styles)
        assert not any(s is not None and s.color == diff.color and s.bold for s in styles_of(view, "across the "))
        # sysB's first segment differs from the pivot, sysA's does not
        assert any(s is not None and s.color == diff.color for s in styles_of(view, "hound is sleeping"))
        await pilot.press("p")  # sysA is now the pivot: the reference's words are marked against it
        assert app.compare.model.pivot == "sysA"
        assert any(s is not None and s.color == diff.color for s in styles_of(view, "runs fast"))


async def test_orderings_and_the_differ_filter():
    app = CompareApp(make_model())
    async with app.run_test(size=SIZE) as pilot:
        screen, view = app.compare, app.compare.view
        assert view.rows == [0, 1, 2]
        await pilot.press("o")  # by disagreement (in a worker)
        await wait_for(pilot, lambda: not screen.sorting)
        assert screen.order == "disagreement"
        assert view.rows == screen.model.order("disagreement") and view.rows[0] == 1 and view.rows != [0, 1, 2]
        assert screen_lines(view)[0].split("│")[1].strip().startswith("Die Katze")
        await pilot.press("o")  # by the chrF difference of sysA and sysB
        await wait_for(pilot, lambda: not screen.sorting)
        assert screen.order == "difference" and screen.pair == ("sysA", "sysB")
        assert view.rows == screen.model.order("difference", ("sysA", "sysB"))
        await pilot.press("o", "f")  # document order, only where sysA and sysB differ
        assert view.rows == [0, 1]
        await pilot.press("c")  # the next pair: ref and sysA, who differ in segment 2 only
        assert screen.pair == ("ref", "sysA") and view.rows == [1]
        await pilot.press("f")
        assert view.rows == [0, 1, 2]


async def test_forced_alignment_lights_german_words_from_a_reference():
    app = CompareApp(make_model(), translator_factory=tiny)
    async with app.run_test(size=SIZE) as pilot:
        screen, view = app.compare, app.compare.view
        await aligned(pilot, screen)
        alignment = screen.model.alignment("ref", 0)
        assert alignment is not None and alignment.forced and alignment.links
        await pilot.press("tab", "l")  # Tab: the reference's first word; l: its second, "dog"
        assert view.line == 1 and view.active_word()[2] == (4, 7)
        linked = component(view, "linked")
        german = screen_lines(view)[0].split("│")[1]
        lit = [seg.text for seg in view.render_line(0) if seg.style is not None and seg.style.bgcolor == linked.bgcolor]
        assert lit and all(word.strip() in german for word in lit)
        assert "Hund" in "".join(lit)  # the tiny model links "dog" to "Hund"
        status = str(screen.status_bar.render())
        assert "ref: dog → Hund" in status
        # from the German: its word lights the linked words of every version
        await pilot.press("tab", "tab", "tab")
        assert view.line == 0
        await pilot.press("l")  # "Hund"
        assert has_bg(styles_of(view, "dog"), linked)
        assert "ref: dog" in str(screen.status_bar.render())
        # the model's mean log-probability beside every version
        assert f"{alignment.score:.2f}" in screen_lines(view)[1]


async def test_a_click_puts_the_word_cursor_on_a_word_of_any_version():
    app = CompareApp(make_model(), translator_factory=tiny)
    async with app.run_test(size=SIZE) as pilot:
        screen, view = app.compare, app.compare.view
        await aligned(pilot, screen)
        x = 1 + view.label_width + 3 + len("The ")  # "cat" on the reference's line of segment 2
        await pilot.click("#versions", offset=(x, 6))
        assert (view.cursor, view.line, view.active_word()[2]) == (1, 1, (4, 7))
        assert "ref: cat →" in str(screen.status_bar.render())
        await pilot.click("#versions", offset=(2, 6))  # on the label: the row and line, no word
        assert view.word is None and view.line == 1
        await pilot.hover("#versions", offset=(1 + view.label_width + 3 + len("Der "), 0))  # "Hund"
        assert view.hover == (0, 0, 1) and view.active_word() == (0, 0, (4, 8))
        assert has_bg(styles_of(view, "dog"), component(view, "linked"))  # in every version linked to it
        assert "de: Hund →" in str(screen.status_bar.render())
        await pilot.press("j")  # a key takes the lighting back to the cursor
        assert view.hover is None and view.cursor == 2


async def test_a_version_without_a_segment_shows_a_dash():
    model = CompareModel(GERMAN, [Version("ref", "reference", REF), Version("yours", "user", (None, SYS_A[1], None))])
    app = CompareApp(model)
    async with app.run_test(size=SIZE):
        lines = screen_lines(app.compare.view)
        assert lines[2].split("│")[0].split() == ["yours"] and lines[2].split("│")[1].strip() == "—"
        assert "walks quickly" in lines[6] and "42.0" in lines[6]


async def test_without_a_model_a_version_says_it_has_no_alignment():
    app = CompareApp(make_model())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "l")
        assert "(no alignment for this version: no model)" in str(app.compare.status_bar.render())
        assert not app.compare.view.pending


async def test_paging_moves_the_cursor_a_screen_and_back():
    n = 60
    german = [f"Satz Nummer {k}." for k in range(n)]
    english = tuple(f"Sentence number {k}." for k in range(n))
    app = CompareApp(make_model(german, english, english, tuple(f"Line {k}." for k in range(n))))
    async with app.run_test(size=(100, 24)) as pilot:
        view = app.compare.view
        await pilot.press("pagedown")
        first = view.cursor
        assert first > 0 and view.scroll_offset.y > 0
        assert f"Satz Nummer {view.segment}." in "".join(screen_lines(view))
        await pilot.press("pagedown", "pageup")
        assert view.cursor == first
        await pilot.press("end")
        assert view.cursor == n - 1 and f"Satz Nummer {n - 1}." in "".join(screen_lines(view))
        await pilot.press("home")
        assert view.cursor == 0 and view.scroll_offset.y == 0


async def test_text_is_literal_never_markup():
    model = make_model(["Ein [bold]x[/bold] Test.", "Noch [@click=app.quit]y[/] hier.", "Gut."],
                       ("A [bold]x[/bold] test.", "Still [@click=app.quit]y[/] here.", "Good."),
                       ("A [b]x[/b] test.", "More [@click=app.quit]y[/] here.", "Good."),
                       ("A \x1b[31mred\x1b[0m test.", "Still y here.", "Good."))
    app = CompareApp(model)
    async with app.run_test(size=SIZE) as pilot:
        text = "\n".join(screen_lines(app.compare.view))
        assert "[bold]x[/bold]" in text and "[@click=app.quit]y[/]" in text and "[b]x[/b]" in text
        assert "\x1b" not in text
        await pilot.click("#versions", offset=(30, 6))
        assert app.is_running


async def test_help_lists_every_key_and_the_palette_every_action():
    app = CompareApp(make_model())
    async with app.run_test(size=(120, 44)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert [k for k, _ in app.screen.keys] == [k.display for k in keys_of("compare")]
        await pilot.press("escape")
        ours = {c.title: c for c in app.get_system_commands(app.screen)}
        bound = [k for k in keys_of("compare") if k.bound]
        assert all(k.title in ours for k in bound) and "Pivot: compare with the next version" in ours
        before = app.compare.model.pivot
        await ours["Pivot: compare with the next version"].callback()  # run on the compare screen
        assert app.compare.model.pivot != before
        await pilot.press("q")
    assert not app.is_running


async def test_from_the_reader_v_compares_your_versions_with_the_models(tmp_path):
    from reader.store import TranslationStore
    from reader.tui.app import ReaderApp
    from reader.tui.compare_view.screen import CompareScreen
    from reader.tui.screens.reader import ReaderScreen

    from tui_support import all_done, fake_factory, sample_doc

    store = TranslationStore(tmp_path / "t.sqlite3")
    app = ReaderApp(sample_doc(), fake_factory(), store)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: all_done(app))
        await pilot.press("v")  # no version of yours yet
        assert isinstance(app.screen, ReaderScreen)
        source = app.state.sentences[1].text
        app.reader.set_user_version(source, "The allies of Ukraine hurry.")
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen) and not app.screen.sorting)
        screen = app.screen
        assert [v.name for v in screen.model.versions] == ["model", "yours"] and screen.model.pivot == "model"
        assert screen.view.rows == [1]  # only where yours differs from the model's
        assert any(s is not None and s.bold for s in styles_of(screen.view, "allies of Ukraine hurry"))
        await pilot.press("tab", "l")  # the model's own alignment, from decoding
        assert screen.model.alignment("model", 1) is not None and not screen.model.alignment("model", 1).forced
        assert "→ " in str(screen.status_bar.render()) and "no alignment" not in str(screen.status_bar.render())
        titles = {c.title for c in app.get_system_commands(screen)}  # the palette: the screen on top's actions
        assert "Pivot: compare with the next version" in titles and "Next sentence" not in titles
        await pilot.press("q")
        assert isinstance(app.screen, ReaderScreen)
        assert "Next sentence" in {c.title for c in app.get_system_commands(app.screen)}
    store.close()


def test_cli_view_opens_the_compare_view_with_the_model_system_as_aligner(tmp_path, monkeypatch):
    paths = {}
    for name, lines in (("src.de", GERMAN), ("ref.en", REF), ("a.en", SYS_A)):
        paths[name] = tmp_path / name
        paths[name].write_text("\n".join(lines) + "\n", encoding="utf-8")
    opened = []
    monkeypatch.setattr(CompareApp, "run", lambda self: opened.append(self))
    args = ["compare", str(paths["src.de"]), "--lines", "--system", f"a={paths['a.en']}",
            "--system", f"tiny={TINY_MODEL},greedy,backend=torch", "--ref", f"ref={paths['ref.en']}",
            "--cache-dir", str(tmp_path / "cache"), "--samples", "50", "--view"]
    assert main(args) == 0
    (app,) = opened
    model = app.compare.model
    assert [(v.name, v.kind) for v in model.versions] == [("a", "file"), ("tiny", "model"), ("ref", "reference")]
    assert model.pivot == "ref" and app.compare.header is not None
    translator = app.compare.translator_factory()
    assert Path(translator.model_info.path).name == TINY_MODEL.name


def test_cli_view_shows_your_edits_from_the_store(tmp_path, monkeypatch):
    from reader.store import DB_FILENAME, TranslationStore

    paths = {}
    for name, lines in (("src.de", GERMAN), ("ref.en", REF), ("a.en", SYS_A)):
        paths[name] = tmp_path / name
        paths[name].write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "cache").mkdir()
    with TranslationStore(tmp_path / "cache" / DB_FILENAME) as store:
        store.set_user_translation(GERMAN[1], "The cat is running fast over the street.")
    opened = []
    monkeypatch.setattr(CompareApp, "run", lambda self: opened.append(self))
    args = ["compare", str(paths["src.de"]), "--lines", "--system", f"a={paths['a.en']}", "--ref", f"ref={paths['ref.en']}",
            "--cache-dir", str(tmp_path / "cache"), "--samples", "50", "--view"]
    assert main(args) == 0
    model = opened[0].compare.model
    assert [v.name for v in model.versions] == ["a", "ref", "yours"]
    assert model.by_name["yours"].segments == (None, "The cat is running fast over the street.", None)


def test_cli_model_needs_view(tmp_path, capsys):
    src = tmp_path / "src.de"
    src.write_text("Ja.\n", encoding="utf-8")
    assert main(["compare", str(src), "--lines", "--system", f"a={src}", "--model", str(TINY_MODEL)]) == 2
    assert "--view" in capsys.readouterr().err


sync_tests(globals())
