"""One scratch folder per process for temporary copies of a delivery (personal data), removed on every exit.

The folder `<data_dir>/.wimi-tmp-<job>-<pid>` goes on a normal end, an exception, Ctrl-C and SIGTERM
(or SIGHUP, a closed terminal), which are turned into an exception for as long as the folder exists.
Python runs a signal handler only between bytecodes, and DuckDB does not look at signals in every
statement (a CREATE TABLE AS runs on), so a watcher thread woken by the signal interrupts the
connections registered with `interrupt_on_signal`; the handler's exception follows.
kill -9 cannot be caught, so each new job first removes the folders of processes that no longer run,
and the unnamed `tmpXXXXXXXX` folders with transcoded copies that loads of earlier versions left behind.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

PREFIX = ".wimi-tmp-"
_OURS = re.compile(r"\.wimi-tmp-[a-z]+-(\d+)")
_LEGACY = re.compile(r"tmp[a-z0-9_]{8}")  # tempfile.TemporaryDirectory of loads before this folder existed
_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_stale(data_dir: Path) -> None:
    """Remove scratch folders whose process is gone, and the leftovers of loads of earlier versions."""
    for path in sorted(data_dir.iterdir()) if data_dir.is_dir() else []:
        if not path.is_dir():
            continue
        ours = _OURS.fullmatch(path.name)
        stale = (ours and not _running(int(ours.group(1)))) or (
            _LEGACY.fullmatch(path.name) and all(p.name.endswith(".utf8.csv") for p in path.iterdir()))
        if stale:
            shutil.rmtree(path, ignore_errors=True)


class Terminated(SystemExit):
    """SIGTERM or SIGHUP arrived: unwinds like an exception, so every finally block runs."""


def _terminate(signum, frame) -> None:
    raise Terminated(128 + signum)


_connections: list = []  # DuckDB connections to interrupt when a signal arrives


def interrupt_on_signal(con) -> None:
    """Interrupt this connection's running statement on SIGTERM, SIGHUP or Ctrl-C (inside scratch_folder)."""
    _connections.append(con)


def _watch(reader: socket.socket) -> None:
    while reader.recv(64):  # empty once the writer is closed
        for con in list(_connections):
            with suppress(Exception):  # a connection closed meanwhile has nothing left to interrupt
                con.interrupt()


@contextmanager
def _signals_unwind() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    reader, writer = socket.socketpair()
    writer.setblocking(False)
    previous_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    previous = {s: signal.signal(s, _terminate) for s in _SIGNALS}
    watcher = threading.Thread(target=_watch, args=(reader,), name="wimi-signalen", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        for s, handler in previous.items():  # None: a handler set outside Python, which cannot be restored
            signal.signal(s, signal.SIG_DFL if handler is None else handler)
        signal.set_wakeup_fd(previous_fd)
        writer.close()
        watcher.join()
        reader.close()
        _connections.clear()


@contextmanager
def scratch_folder(data_dir: Path, job: str) -> Iterator[Path]:
    """A fresh, private folder for this process's temporary files, gone when the block ends however it ends."""
    data_dir.mkdir(parents=True, exist_ok=True)
    remove_stale(data_dir)
    folder = data_dir / f"{PREFIX}{job}-{os.getpid()}"
    with _signals_unwind():
        try:
            shutil.rmtree(folder, ignore_errors=True)  # this pid's leftover: an earlier process killed with -9
            folder.mkdir(mode=0o700)
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)
