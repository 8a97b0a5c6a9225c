"""The on-disk copy of the loaded rule packs (studio.checks.loadcache): read back while nothing changed,
never stale after an edit, never hiding a broken file."""

from __future__ import annotations

import os
import time

import pytest

from studio.checks import engine as engine_mod
from studio.checks import file_hashes, loadcache
from studio.checks.engine import CheckEngine
from studio.core.errors import RuleError
from tests.checks.test_engine import SRC, item, make_rules, rules_of

PACK = f"""
    pack: de-DE
    rules:
      - id: de.sieger
        type: terms
        category: absolute_claim
        severity: warn
        message: sieger
        {SRC}
        terms: [Testsieger]
    """


def _counted(monkeypatch, name: str) -> list[str]:
    """Wrap the engine's ``name`` (load_rules: one YAML parse; term_index: one market's matcher built) and
    record the first argument of every call."""
    calls: list[str] = []
    real = getattr(engine_mod, name)

    def counted(first, *rest):
        calls.append(str(first))
        return real(first, *rest)

    monkeypatch.setattr(engine_mod, name, counted)
    return calls


def _loads_counted(monkeypatch) -> list[str]:
    return _counted(monkeypatch, "load_rules")


def test_a_second_start_reads_the_copy_and_finds_the_same(tmp_path, monkeypatch):
    root = make_rules(tmp_path, {"de-DE/a.yaml": PACK})
    cache = tmp_path / "cache"
    calls = _loads_counted(monkeypatch)
    first = CheckEngine.from_dir(root, cache_dir=cache).check(item("Der Testsieger 2026", "de-DE"))
    second = CheckEngine.from_dir(root, cache_dir=cache).check(item("Der Testsieger 2026", "de-DE"))
    assert rules_of(first) == rules_of(second) == ["de.sieger"]
    assert len(calls) == 1  # the second engine did not parse the YAML again
    assert len(list(cache.glob("*.pickle"))) == 1


def test_editing_a_rule_file_changes_the_result_even_with_the_same_size_and_time(tmp_path, monkeypatch):
    root = make_rules(tmp_path, {"de-DE/a.yaml": PACK})
    cache = tmp_path / "cache"
    calls = _loads_counted(monkeypatch)
    assert rules_of(CheckEngine.from_dir(root, cache_dir=cache).check(item("Der Testsieger", "de-DE"))) == ["de.sieger"]
    path = root / "de-DE" / "a.yaml"
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("Testsieger", "Preissieger"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same mtime: only the content differs
    edited = CheckEngine.from_dir(root, cache_dir=cache)
    assert rules_of(edited.check(item("Der Testsieger", "de-DE"))) == []
    assert rules_of(edited.check(item("Der Preissieger", "de-DE"))) == ["de.sieger"]
    assert len(calls) == 2


def test_a_new_file_is_picked_up(tmp_path):
    root = make_rules(tmp_path, {"de-DE/a.yaml": PACK})
    cache = tmp_path / "cache"
    CheckEngine.from_dir(root, cache_dir=cache)
    (root / "de-DE" / "b.yaml").write_text(PACK.replace("de.sieger", "de.gratis").replace("Testsieger", "gratis")
                                           .replace("absolute_claim", "free_claim"), encoding="utf-8")
    found = CheckEngine.from_dir(root, cache_dir=cache).check(item("Testsieger, gratis", "de-DE"))
    assert sorted(rules_of(found)) == ["de.gratis", "de.sieger"]


def test_a_broken_edit_is_reported_at_its_line_although_a_good_copy_exists(tmp_path):
    root = make_rules(tmp_path, {"de-DE/a.yaml": PACK})
    cache = tmp_path / "cache"
    CheckEngine.from_dir(root, cache_dir=cache)
    path = root / "de-DE" / "a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("severity: warn", "severity: loud"), encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        CheckEngine.from_dir(root, cache_dir=cache)
    assert "a.yaml:" in str(exc.value) and "severity" in str(exc.value)


def test_a_damaged_copy_is_rebuilt(tmp_path):
    root = make_rules(tmp_path, {"de-DE/a.yaml": PACK})
    cache = tmp_path / "cache"
    CheckEngine.from_dir(root, cache_dir=cache)
    [copy] = cache.glob("*.pickle")
    copy.write_bytes(b"not a pickle")
    engine = CheckEngine.from_dir(root, cache_dir=cache)
    assert rules_of(engine.check(item("Testsieger", "de-DE"))) == ["de.sieger"]  # from the outline and packs kept apart
    assert list(engine.ruleset.by_id) == ["de.sieger"]  # the whole copy, read on first use: rebuilt
    assert copy.read_bytes() != b"not a pickle"
    for part in cache.glob("*.part"):  # and with nothing kept but the damaged copy
        part.unlink()
    copy.write_bytes(b"not a pickle")
    assert rules_of(CheckEngine.from_dir(root, cache_dir=cache).check(item("Testsieger", "de-DE"))) == ["de.sieger"]
    assert copy.read_bytes() != b"not a pickle"


def _regexes(engine: CheckEngine) -> dict[tuple[str, str], list]:
    return {(rid, role): compiled for rid, lr in engine.ruleset.by_id.items() for role, compiled in lr.rule.regex_groups()}


def test_every_regex_of_the_packs_read_from_the_copy_equals_a_fresh_compile(tmp_path, monkeypatch):
    from tests.checks.test_engine import REPO

    fresh = CheckEngine.from_dir(REPO / "cultural_rules")
    calls = _loads_counted(monkeypatch)
    CheckEngine.from_dir(REPO / "cultural_rules", cache_dir=tmp_path)
    copied = CheckEngine.from_dir(REPO / "cultural_rules", cache_dir=tmp_path)
    assert len(calls) == 1 and len(list(tmp_path.glob("*.pickle"))) == 1  # the real packs were kept and read back
    want, got = _regexes(fresh), _regexes(copied)
    assert len(want) > 50 and got.keys() == want.keys()
    text = "Jetzt 50 % Rabatt! Statt 99,99 € nur 49,99 €, gratis Versand, der beste Preis 2026."
    for k, rxs in want.items():
        assert got[k] == rxs  # same pattern, flags and compiled code
        assert [[m.span() for m in rx.finditer(text)] for rx in got[k]] == [[m.span() for m in rx.finditer(text)] for rx in rxs]


def test_the_copy_hands_the_prefilter_each_regex_literals_as_a_fresh_parse_finds_them(tmp_path, monkeypatch):
    from studio.checks import prefilter
    from tests.checks.test_engine import REPO

    CheckEngine.from_dir(REPO / "cultural_rules", cache_dir=tmp_path)  # writes the copy
    monkeypatch.setattr(prefilter, "_KNOWN", {})  # as in a new process
    copied = CheckEngine.from_dir(REPO / "cultural_rules", cache_dir=tmp_path)
    parse = prefilter._required_literals
    parsed: list = []
    monkeypatch.setattr(prefilter, "_required_literals", lambda rx: parsed.append(rx) or parse(rx))
    copied.compile_all()
    assert parsed == []  # every market compiled without parsing a pattern again
    regexes = [rx for rxs in _regexes(copied).values() for rx in rxs]
    assert len(regexes) > 50
    for rx in regexes:
        assert prefilter.required_literals(rx) == parse(rx)
    text = "Jetzt 50 % Rabatt! Statt 99,99 € nur 49,99 €, gratis Versand, der beste Preis 2026."
    fresh = CheckEngine.from_dir(REPO / "cultural_rules")
    monkeypatch.setattr(prefilter, "_KNOWN", {})
    assert rules_of(fresh.check(item(text, "de-DE"))) == rules_of(copied.check(item(text, "de-DE")))


def _builds_counted(monkeypatch) -> list[str]:
    return _counted(monkeypatch, "term_index")


def test_a_second_start_reads_the_market_term_index_and_an_edit_rebuilds_it(tmp_path, monkeypatch):
    root = make_rules(tmp_path, {"de-DE/a.yaml": PACK})
    cache = tmp_path / "cache"
    builds = _builds_counted(monkeypatch)
    first = CheckEngine.from_dir(root, cache_dir=cache).check(item("Der Testsieger 2026", "de-DE"))
    second = CheckEngine.from_dir(root, cache_dir=cache).check(item("Der Testsieger 2026", "de-DE"))
    assert rules_of(first) == rules_of(second) == ["de.sieger"]
    assert builds == ["de-DE"]  # the second start read the first one's index
    path = root / "de-DE" / "a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Testsieger", "Preissieger"), encoding="utf-8")
    edited = CheckEngine.from_dir(root, cache_dir=cache)
    assert rules_of(edited.check(item("Der Testsieger", "de-DE"))) == []
    assert rules_of(edited.check(item("Der Preissieger", "de-DE"))) == ["de.sieger"]
    assert builds == ["de-DE", "de-DE"]


def test_an_edited_locale_profile_rebuilds_the_market_term_index(tmp_path, monkeypatch):
    """A market's term index holds its profile's register words (the ``mix`` rule type reads locales/*.yaml): a kept
    index must not outlive an edit of the profiles, though no rule file changed."""
    root = make_rules(tmp_path, {"de-DE/a.yaml": PACK})
    cache = tmp_path / "cache"
    builds = _builds_counted(monkeypatch)
    CheckEngine.from_dir(root, cache_dir=cache).check(item("Der Testsieger 2026", "de-DE"))
    CheckEngine.from_dir(root, cache_dir=cache).check(item("Der Testsieger 2026", "de-DE"))
    assert builds == ["de-DE"]
    monkeypatch.setattr(engine_mod, "profiles_digest", lambda: b"the profiles after an edit")
    assert rules_of(CheckEngine.from_dir(root, cache_dir=cache).check(item("Der Testsieger", "de-DE"))) == ["de.sieger"]
    assert builds == ["de-DE", "de-DE"]


def test_a_pruned_copy_takes_its_term_indexes_with_it(tmp_path):
    root = make_rules(tmp_path, {"de-DE/a.yaml": PACK})
    cache = tmp_path / "cache"
    CheckEngine.from_dir(root, cache_dir=cache).check(item("Testsieger", "de-DE"))
    # de-DE's term index (no regex: no prefilter), the markets' own labels, the packs' outline and each pack apart
    assert len(list(cache.glob("*.part"))) == 5
    loadcache.prune(cache, keep=0)
    # what is left is no copy: the files' content digests, kept by file (loadcache.FileHashes)
    assert [p.name for p in cache.iterdir()] == [loadcache.FileHashes.NAME]


def test_a_damaged_term_index_is_rebuilt(tmp_path):
    root = make_rules(tmp_path, {"de-DE/a.yaml": PACK})
    cache = tmp_path / "cache"
    CheckEngine.from_dir(root, cache_dir=cache).check(item("Testsieger", "de-DE"))
    parts = list(cache.glob("*.part"))  # de-DE's term index, the markets' own labels, the outline and the packs
    for part in parts:
        part.write_bytes(b"not a pickle")
    assert rules_of(CheckEngine.from_dir(root, cache_dir=cache).check(item("Testsieger", "de-DE"))) == ["de.sieger"]
    assert len(parts) == 5 and all(part.read_bytes() != b"not a pickle" for part in parts)


def test_a_second_start_reads_only_the_packs_of_the_market_it_checks(tmp_path, monkeypatch):
    """`studio check` on one draft reads the copy's outline and its market's packs, not the whole copy (speed53); the
    whole is read where something asks for every rule, and holds what a fresh load holds."""
    from tests.checks.test_engine import BASE

    root = make_rules(tmp_path, {**BASE, "fr-FR/a.yaml": PACK.replace("de-DE", "fr-FR").replace("de.", "fr.")})
    cache = tmp_path / "cache"
    text = "Der Testsieger: best, free and eco-friendly"
    first = CheckEngine.from_dir(root, cache_dir=cache)
    want = first.check(item(text, "de-DE"))
    wholes: list[str] = []
    real = loadcache.load_copy

    def counted(cache_dir, key, build):
        wholes.append(key)
        return real(cache_dir, key, build)

    monkeypatch.setattr(loadcache, "load_copy", counted)
    second = CheckEngine.from_dir(root, cache_dir=cache)
    assert second.markets == ["de-DE", "fr-FR"]
    got = second.check(item(text, "de-DE"))
    assert [f.model_dump() for f in got] == [f.model_dump() for f in want]
    assert {"de.sieger", "g.best", "eu.green"} <= set(rules_of(got)) and "g.free" not in rules_of(got)  # disabled in de-DE
    assert wholes == []  # neither the start nor the de-DE draft read the whole copy
    assert {f.rule: f.severity for f in got}["g.best"] == "block"  # de-DE's override of a global rule
    assert second.ruleset.by_id.keys() == first.ruleset.by_id.keys() and len(wholes) == 1


def test_the_packs_read_apart_resolve_every_market_as_the_whole_copy(tmp_path):
    from studio.checks.rules import load_rules
    from tests.checks.test_engine import BASE

    root = make_rules(tmp_path, {**BASE, "fr-FR/a.yaml": PACK.replace("de-DE", "fr-FR").replace("de.", "fr.")})
    cache = tmp_path / "cache"
    CheckEngine.from_dir(root, cache_dir=cache)
    engine = CheckEngine.from_dir(root, cache_dir=cache)
    fresh = load_rules(root)
    for locale in [*fresh.markets, "en-US", "xx-XX"]:
        got = [(lr.rule.id, lr.pack, lr.where, lr.rule.model_dump()) for lr in engine.rules_for(locale)]
        assert got == [(lr.rule.id, lr.pack, lr.where, lr.rule.model_dump()) for lr in fresh.rules_for(locale)]
    assert engine._ruleset is None  # resolved from the packs alone


def test_another_inflection_table_loads_the_packs_again(tmp_path, monkeypatch):
    """Shared lexicons are inflected as the rules load, so a copy built without the shipped inflection table (a
    process pointed at another models folder) is never read by one that has it: the table is part of the key."""
    from studio.checks import inflect

    root = make_rules(tmp_path, {"de-DE/a.yaml": PACK})
    cache = tmp_path / "cache"
    calls = _loads_counted(monkeypatch)
    CheckEngine.from_dir(root, cache_dir=cache)
    CheckEngine.from_dir(root, cache_dir=cache)
    assert len(calls) == 1
    monkeypatch.setattr(inflect, "cache_token", lambda: b"1.1.2|v2|another table")
    CheckEngine.from_dir(root, cache_dir=cache)
    assert len(calls) == 2
    assert len(list(cache.glob("*.pickle"))) == 2


def test_the_kept_regex_prefilter_lets_through_what_a_built_one_does(tmp_path):
    patterns = "patterns: ['Test(sieger|gewinner)', 'kostenlos.{0,20}(bei|ab) [0-9]']"
    root = make_rules(tmp_path, {"de-DE/a.yaml": PACK.replace("type: terms", "type: pattern")
                                 .replace("terms: [Testsieger]", patterns)})
    cache = tmp_path / "cache"
    built = CheckEngine.from_dir(root, cache_dir=cache).checker("de-DE").prefilter
    kept = CheckEngine.from_dir(root, cache_dir=cache).checker("de-DE").prefilter
    assert len(list(cache.glob("*.part"))) == 6
    assert built is not None and kept is not None and kept is not built
    for text in ("der testsieger", "testgewinner!", "kostenlos ab 5 euro", "kostenlos", "nichts davon"):
        assert kept.candidates(text) == built.candidates(text)
    assert kept.candidates("der testsieger") != kept.candidates("nichts davon")


def test_file_digests_are_read_again_once_a_file_changes(tmp_path):
    folder = tmp_path / "tree"
    folder.mkdir()
    path = folder / "a.yaml"
    path.write_text("one", encoding="utf-8")
    settled = os.stat(path).st_mtime_ns + loadcache.FileHashes.SETTLED_NS + 1
    hashes = loadcache.FileHashes(tmp_path / "cache")
    hashes.now = settled
    first = hashes.digest(path, os.stat(path))
    hashes.save()
    time.sleep(0.05)  # a later write gets a later ctime
    again = loadcache.FileHashes(tmp_path / "cache")
    assert again.kept and again.digest(path, os.stat(path)) == first
    before = path.stat()
    path.write_text("two", encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size and mtime: the ctime moved
    assert loadcache.FileHashes(tmp_path / "cache").digest(path, os.stat(path)) != first


def test_an_edit_of_the_language_mixes_file_is_read_and_its_old_copies_pruned(tmp_path, monkeypatch):
    """`locales/language_mixes.yaml` is read back from a kept copy (loadcache.load_kept), keyed through the same file
    digests as the rules: an edit changes what the language check lets through at the next start, and editing it
    again and again leaves at most ``KEEP`` copies in the cache, the newest the one read (engine58)."""
    import shutil

    from studio.checks import language
    from studio.checks.engine import get_check_engine
    from studio.core.config import REPO_ROOT, get_settings
    from tests.checks.test_market_mentions import _language_warned

    get_check_engine()  # the shipped rules' engine, loaded from the usual cache before the cache folder moves
    locales = tmp_path / "locales"
    shutil.copytree(REPO_ROOT / "locales", locales)
    cache = tmp_path / "cache"
    monkeypatch.setenv("STUDIO_LOCALES_DIR", str(locales))
    monkeypatch.setenv("STUDIO_CACHE_DIR", str(cache))
    get_settings.cache_clear()
    monkeypatch.setattr(file_hashes, "_SHARED", {})
    mixes = locales / "language_mixes.yaml"
    shipped = mixes.read_text(encoding="utf-8")
    english = "Pool day passes with lunch, this weekend only"

    def start() -> bool:  # a new process: nothing remembered but what is on disk
        language.market_mixes.cache_clear()
        file_hashes._SHARED.clear()
        return _language_warned("ar-AE", english)

    try:
        assert start() is False  # English copy is accepted in the UAE
        assert start() is False  # read back from the copy
        assert len(list((cache / "rules").glob("mixes-*.kept"))) == 1
        for edit in range(loadcache.KEEP + 2):
            mixes.write_text(shipped.replace("ar-AE:\n  accepts: [en]", f"ar-AE:\n  accepts: []  # edit {edit}"),
                             encoding="utf-8")
            assert start() is True  # no longer accepted: the finding follows the edit
        mixes.write_text(shipped, encoding="utf-8")
        assert start() is False
        kept = sorted((cache / "rules").glob("mixes-*.kept"), key=lambda p: p.stat().st_mtime)
        assert len(kept) == loadcache.KEEP
    finally:
        language.market_mixes.cache_clear()
        get_settings.cache_clear()


def test_pruning_keeps_the_newest_kept_copies_of_each_name_and_drops_abandoned_writes(tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    old = time.time() - 2 * loadcache.TMP_STALE_S
    for i in range(loadcache.KEEP + 3):
        for name in ("mixes", "register-grammar"):
            path = folder / f"{name}-{i:024x}.kept"
            path.write_bytes(b"x")
            os.utime(path, (old + i, old + i))
    (folder / "abandoned.tmp").write_bytes(b"half a copy")
    os.utime(folder / "abandoned.tmp", (old, old))
    (folder / "writing.tmp").write_bytes(b"a copy being written now")
    loadcache.prune(folder)
    left = sorted(p.name for p in folder.iterdir())
    newest = range(3, loadcache.KEEP + 3)
    assert left == sorted([*(f"mixes-{i:024x}.kept" for i in newest),
                           *(f"register-grammar-{i:024x}.kept" for i in newest), "writing.tmp"])


def test_editing_a_note_beside_the_rules_keeps_the_copy(tmp_path, monkeypatch):
    # cultural_rules/CLASSES.md and the READMEs are read by people, not by a loader: an edit of one must not cost the
    # next `studio check` a rebuild of every pack
    root = make_rules(tmp_path, {"de-DE/a.yaml": PACK})
    (root / "NOTES.md").write_text("# why the rules are as they are\n", encoding="utf-8")
    cache = tmp_path / "cache"
    calls = _loads_counted(monkeypatch)
    CheckEngine.from_dir(root, cache_dir=cache)
    (root / "NOTES.md").write_text("# why the rules are as they are\nA new section.\n", encoding="utf-8")
    found = CheckEngine.from_dir(root, cache_dir=cache).check(item("Der Testsieger 2026", "de-DE"))
    assert rules_of(found) == ["de.sieger"]
    assert len(calls) == 1  # the second engine read the kept copy: the note's edit rebuilt nothing
    (root / "de-DE" / "a.yaml").write_text(PACK + "\n", encoding="utf-8")
    CheckEngine.from_dir(root, cache_dir=cache)
    assert len(calls) == 2  # a rule file's edit still does
