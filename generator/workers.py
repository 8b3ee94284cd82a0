"""Worker processes for a build's parallel work (drawing charts, checking built pages).

They run below the build in priority and end with it, and start in the way the
platform and the moment allow: fork where it is safe, else a fork server, else a new
interpreter (Windows).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

WORKER_NICENESS = 10
#: How often a worker checks that the build that started it is still running, in seconds.
PARENT_CHECK_SECONDS = 0.5


def workers_below_the_build(count: int) -> ProcessPoolExecutor:
    """``count`` worker processes, started as ``start_method`` says, each set up by ``_start_worker``."""
    return ProcessPoolExecutor(
        max_workers=count, mp_context=start_method(), initializer=_start_worker, initargs=(os.getpid(),)
    )


def start_method() -> multiprocessing.context.BaseContext:
    """Fork when this process runs one thread, else a fork server, else (Windows) a new interpreter.

    A forked worker starts at once with everything this process has imported; a fork
    server's worker starts a new interpreter and imports the tool again (0.2-1 s on two
    cores, as long as drawing a small site's every chart). Forking a process that runs
    other threads (the preview's server and watcher) can deadlock, so those use the server.
    """
    methods = multiprocessing.get_all_start_methods()
    if threading.active_count() == 1 and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")  # Windows has only this one


def _start_worker(build_pid: int) -> None:
    """Set a worker up: below the build in priority, and gone when the build is.

    The build's process is the longer chain (pages, then MkDocs); workers that take its
    core from it make the whole build later, while spare time on either core still
    goes to the charts.

    A build killed outright (SIGKILL, an out-of-memory kill, a cancelled CI job) runs no
    clean-up, and its workers would wait on their pipe for ever, some 95 MB each; so
    each worker checks that the build is still there and ends itself when it is not.
    """
    if hasattr(os, "nice"):  # not on Windows
        os.nice(WORKER_NICENESS)
    if os.name == "posix":  # elsewhere os.kill(pid, 0) is not a harmless question
        threading.Thread(target=_end_with, args=(build_pid,), daemon=True, name="end-with-the-build").start()


def _end_with(build_pid: int) -> None:
    while True:
        time.sleep(PARENT_CHECK_SECONDS)
        try:
            os.kill(build_pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # a process of another user took the number: the build is gone
            os._exit(1)
