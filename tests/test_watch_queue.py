"""The watcher's debounce queue, path filter and event handler, driven by hand (no sleeps)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirModifiedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileClosedNoWriteEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileOpenedEvent,
    FileSystemEvent,
)

from vault_tools.config import Config
from vault_tools.watch import (
    Batch,
    ChangeQueue,
    PathFilter,
    Watcher,
    _EventHandler,
    _OverflowListener,
)

from conftest import FakeClock, MakeVault


@pytest.fixture
def queue(clock: FakeClock) -> ChangeQueue:
    return ChangeQueue(quiet=0.25, max_wait=2.0, clock=clock, settle=0.0625)


# ---------------------------------------------------------------------------------- debounce
def test_an_empty_queue_is_never_due(queue: ChangeQueue, clock: FakeClock) -> None:
    assert queue.due_in(clock()) is None
    assert queue.take_due(clock.advance(60)) is None


# Times are multiples of 1/16 s so that the fake clock adds them exactly.
def test_a_lone_save_is_due_after_the_short_settle_period(
    queue: ChangeQueue, clock: FakeClock
) -> None:
    queue.put("Hiring/Interviews/a.md")  # modified ...
    queue.put("Hiring/Interviews/a.md")  # ... closed: still one path
    assert queue.due_in(clock()) == 0.0625
    assert queue.take_due(clock.advance(0.0625 / 2)) is None
    batch = queue.take_due(clock.advance(0.0625 / 2))
    assert batch == Batch(paths=["Hiring/Interviews/a.md"])
    assert queue.due_in(clock()) is None  # taken: the queue starts over


def test_a_second_path_makes_it_a_burst_that_waits_for_the_quiet_period(
    queue: ChangeQueue, clock: FakeClock
) -> None:
    queue.put("a.md")
    queue.put("b.md", folder=False)
    assert queue.due_in(clock()) == 0.25
    assert queue.take_due(clock.advance(0.125)) is None
    assert queue.take_due(clock.advance(0.125)) == Batch(paths=["a.md", "b.md"])


def test_each_event_of_a_burst_restarts_the_quiet_period(
    queue: ChangeQueue, clock: FakeClock
) -> None:
    queue.put("note 0.md")
    for index in range(1, 5):
        queue.put(f"note {index}.md")
        assert queue.take_due(clock.advance(0.1875)) is None
    batch = queue.take_due(clock.advance(0.0625))
    assert batch is not None
    assert batch.paths == [f"note {index}.md" for index in range(5)]


def test_a_save_soon_after_the_previous_batch_waits_for_the_quiet_period(
    queue: ChangeQueue, clock: FakeClock
) -> None:
    queue.put("a.md")
    assert queue.take_due(clock.advance(0.0625)) == Batch(paths=["a.md"])
    queue.put("b.md")  # 1/8 s later: a slow stream, not a lone save
    assert queue.take_due(clock.advance(0.125)) is None
    assert queue.take_due(clock.advance(0.125)) == Batch(paths=["b.md"])
    clock.advance(0.25)
    queue.put("c.md")  # after a quiet while: fast again
    assert queue.take_due(clock.advance(0.0625)) == Batch(paths=["c.md"])


def test_a_stream_that_never_pauses_is_still_processed_after_max_wait(
    queue: ChangeQueue, clock: FakeClock
) -> None:
    start = clock()
    batches = []
    for index in range(48):  # a note every 125 ms for 6 s: never 250 ms of quiet
        queue.put(f"synced {index}.md")
        clock.advance(0.125)
        batch = queue.take_due(clock())
        if batch is not None:
            batches.append((clock() - start, len(batch.paths)))
    # The first note alone looked like a save; from then on: one batch per max_wait.
    assert batches == [(0.125, 1), (2.125, 16), (4.125, 16)]
    rest = queue.take_due(clock.advance(0.25))
    assert rest is not None and len(rest.paths) == 15


def test_a_burst_of_two_thousand_events_is_one_batch(queue: ChangeQueue, clock: FakeClock) -> None:
    for index in range(2000):  # git pull: all within a few milliseconds
        queue.put(f"Area/{index}.md")
        queue.put(f"Area/{index}.md")  # modified, then closed: the same path twice
    assert queue.take_due(clock.advance(0.125)) is None
    batch = queue.take_due(clock.advance(0.125))
    assert batch is not None and len(batch.paths) == 2000
    assert queue.take_due(clock.advance(10)) is None


def test_folders_settings_and_rescans_ride_in_the_same_batch(
    queue: ChangeQueue, clock: FakeClock
) -> None:
    queue.put("Old folder", folder=True)
    queue.put("New folder", folder=True)
    queue.put("New folder/a.md")
    queue.request_reload()
    queue.request_rescan()
    batch = queue.take_due(clock.advance(0.25))
    assert batch == Batch(
        paths=["New folder/a.md"],
        folders=["Old folder", "New folder"],
        reload=True,
        rescan=True,
    )
    assert not queue.take()


def test_a_settings_change_alone_waits_for_the_quiet_period(
    queue: ChangeQueue, clock: FakeClock
) -> None:
    queue.request_reload()  # Obsidian writes its JSON files in several steps
    assert queue.due_in(clock()) == 0.25


def test_a_closed_queue_wakes_the_worker_at_once(queue: ChangeQueue) -> None:
    queue.close()
    assert queue.wait_for_batch(idle=30.0) is None  # returns immediately, not after 30 s


def test_a_due_batch_is_returned_by_the_blocking_wait(queue: ChangeQueue, clock: FakeClock) -> None:
    queue.put("a.md")
    clock.advance(0.5)
    assert queue.wait_for_batch(idle=30.0) == Batch(paths=["a.md"])


# ---------------------------------------------------------------------------------- filter
@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("Hiring/Interviews/2025-07-01 Alice.md", "vault"),
        ("Attachments/diagram.png", "vault"),
        ("Hiring", "vault"),
        (".obsidian/workspace.json", "ignored"),
        (".obsidian/workspace-mobile.json", "ignored"),
        (".obsidian/plugins/dataview/data.json", "ignored"),
        (".obsidian/types.json", "config"),
        (".obsidian/templates.json", "config"),
        (".obsidian/app.json", "config"),
        (".vault-tools/config.yaml", "config"),
        (".vault-tools/schemas/interview.yaml", "config"),  # words what the notes list
        (".vault-tools/schemas", "config"),  # the folder, moved or deleted
        (".vault-tools", "config"),  # ... and the one holding the settings
        (".obsidian", "config"),
        (".vault-tools/schemas/.interview.yaml", "ignored"),  # not read as a schema
        (".vault-tools/schemas/interview.yaml.swp", "ignored"),
        (".vault-tools/schemas/old/interview.yaml", "ignored"),
        (".vault-tools/cache.json", "ignored"),
        (".trash/Old.md", "ignored"),
        (".git/index", "ignored"),
        (".stversions/a.md", "ignored"),
        ("Hiring/.Note.md.vault-tools-1a2b3c4d.tmp", "ignored"),  # our own writer's temp file
        ("Hiring/Note.md.tmp", "ignored"),
        ("Hiring/.Note.md.swp", "ignored"),
        ("Hiring/Note.md~", "ignored"),
        ("Hiring/~$Note.docx", "ignored"),
        ("Downloads/report.pdf.crdownload", "ignored"),
        ("Hiring/Note.md.!sync", "ignored"),
        ("Hiring/~syncthing~Note.md.tmp", "ignored"),
        ("Hiring/#Note.md#", "ignored"),
        ("Hiring/Alice (Jonas's conflicted copy 2025-07-01).md", "ignored"),
        ("Hiring/Alice (Conflicted copy MacBook 202507011200).md", "ignored"),
        ("Hiring/Alice.sync-conflict-20250701-120000-ABCDEFG.md", "ignored"),
        ("Hiring/Alice (Conflict 2025-07-01).md", "ignored"),
        ("Archive/Old interview.md", "ignored"),  # the user's `ignore:` setting
        # Obsidian's "Excluded files": hidden from search only, still notes links resolve to
        ("Private/Alice.md", "vault"),
        ("", "ignored"),
    ],
)
def test_which_paths_the_watcher_acts_on(tmp_path: Path, path: str, kind: str) -> None:
    (tmp_path / ".vault-tools").mkdir()
    (tmp_path / ".vault-tools" / "config.yaml").write_text('ignore: ["Archive/"]\n')
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / ".obsidian" / "app.json").write_text('{"userIgnoreFilters": ["Private/"]}')
    assert PathFilter(Config.load(tmp_path)).classify(path) == kind


def test_a_renamed_config_folder_is_the_one_filtered(make_vault: MakeVault) -> None:
    root = make_vault({".vault-tools/config.yaml": "obsidian_folder: .obsidian-laptop\n"})
    path_filter = PathFilter(Config.load(root))
    assert path_filter.classify(".obsidian-laptop/types.json") == "config"
    assert path_filter.classify(".obsidian-laptop/workspace.json") == "ignored"
    assert path_filter.classify(".obsidian/types.json") == "ignored"  # another device's


def test_a_schemas_folder_of_the_vaults_choosing_is_the_one_watched(
    make_vault: MakeVault,
) -> None:
    root = make_vault({".vault-tools/config.yaml": "schemas_folder: Settings/Schemas\n"})
    path_filter = PathFilter(Config.load(root))
    assert path_filter.classify("Settings/Schemas/case.yaml") == "config"
    assert path_filter.classify("Settings/Schemas/README.md") == "vault"
    assert path_filter.classify(".vault-tools/schemas/case.yaml") == "ignored"
    assert path_filter.classify("Settings") == "config"  # moved away with the schemas in it
    assert path_filter.classify("Settings/Other") == "vault"


# ---------------------------------------------------------------------------------- events
@pytest.fixture
def watcher(make_vault: MakeVault, clock: FakeClock) -> Watcher:
    return Watcher(make_vault({"Note.md": "hello\n"}), clock=clock, rescan_interval=0)


def _event(watcher: Watcher, kind: type[FileSystemEvent], *paths: str) -> FileSystemEvent:
    return kind(*(str(watcher.root / path) for path in paths))


@pytest.mark.parametrize(
    ("kind", "paths", "expected"),
    [
        (FileModifiedEvent, ("a.md",), Batch(paths=["a.md"])),
        (FileCreatedEvent, ("Sub/a.md",), Batch(paths=["Sub/a.md"])),
        (FileClosedEvent, ("a.md",), Batch(paths=["a.md"])),
        (FileDeletedEvent, ("a.md",), Batch(paths=["a.md"])),
        (FileMovedEvent, ("a.md.tmp", "a.md"), Batch(paths=["a.md"])),  # temp-and-rename save
        (FileMovedEvent, ("Old.md", "New.md"), Batch(paths=["Old.md", "New.md"])),
        (DirMovedEvent, ("Old", "New"), Batch(folders=["Old", "New"])),
        (DirCreatedEvent, ("New",), Batch(folders=["New"])),
        (DirDeletedEvent, ("Old",), Batch(folders=["Old"])),
        (DirModifiedEvent, ("Sub",), Batch()),  # every file change in Sub: says nothing more
        (FileOpenedEvent, ("a.md",), Batch()),
        (FileClosedNoWriteEvent, ("a.md",), Batch()),
        (FileModifiedEvent, (".obsidian/workspace.json",), Batch()),
        (FileModifiedEvent, (".obsidian/types.json",), Batch(reload=True)),
    ],
)
def test_the_handler_only_enqueues_what_matters(
    watcher: Watcher,
    kind: type[FileSystemEvent],
    paths: tuple[str, ...],
    expected: Batch,
) -> None:
    _EventHandler(watcher).dispatch(_event(watcher, kind, *paths))
    assert watcher.queue.take() == expected


def test_paths_outside_the_vault_are_ignored(watcher: Watcher, tmp_path: Path) -> None:
    watcher.notice(str(tmp_path / "elsewhere.md"))
    watcher.notice(str(watcher.root))
    assert not watcher.queue.take()


def test_an_event_queue_overflow_asks_for_a_rescan(watcher: Watcher) -> None:
    listener = _OverflowListener(watcher.queue)
    logger = logging.getLogger("watchdog.observers.inotify_c")
    logger.addHandler(listener)
    try:
        logger.warning("Inotify queue overflowed; filesystem events were lost")
        logger.warning("something else")
    finally:
        logger.removeHandler(listener)
    assert watcher.queue.take() == Batch(rescan=True)
