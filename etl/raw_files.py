"""Raw files as the manifest names them: inside the raw folder (no symlink may lead out of it), regular files
only (no directories, FIFOs or devices), and never read beyond the size limit.

`file_problem` says what is wrong with a manifest's `file:` (None when it is fine); `read_bounded` reads a file
with the limit enforced on the open file itself, so a file swapped or grown after the check is still refused.
"""

import os
import stat
from pathlib import Path

from etl.errors import SourceError

MEGABYTE = 1 << 20
DEFAULT_MAX_FILE_MB = 20
CHUNK_BYTES = 1 << 20
KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"),
         (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))
LIMIT_FIX = ("to read it anyway, raise the limit with `limits: {max_file_mb: N}` in the manifest or "
             "`python -m etl --max-file-mb N`")


def file_kind(mode: int) -> str | None:
    """'a directory', 'a device' … for anything that is not a regular file; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in KINDS if test(mode)), "not a regular file")


def file_problem(raw_dir: Path, name: str, max_bytes: int) -> str | None:
    """What is wrong with raw_dir/name as a document to read, worded with the fix; None when it is fine."""
    path = raw_dir / name
    try:
        resolved = path.resolve(strict=True)
    except FileNotFoundError:
        return f"{str(path)!r} does not exist: copy the file into the raw folder {raw_dir} or correct the name"
    except (OSError, RuntimeError) as error:  # a symlink loop, a name too long, a file used as a folder
        return f"{str(path)!r} cannot be opened ({error}): give a plain file inside the raw folder"
    if not resolved.is_relative_to(raw_dir.resolve()):
        return (f"{str(path)!r} leads outside the raw folder {raw_dir} (to {resolved}): copy the file itself "
                "into the raw folder")
    details = resolved.stat()
    kind = file_kind(details.st_mode)
    if kind:
        return f"{str(path)!r} is {kind}, not a file: name a document file inside the raw folder"
    if details.st_size > max_bytes:
        return (f"{str(path)!r} is {details.st_size / MEGABYTE:.1f} MB, over the limit of "
                f"{max_bytes / MEGABYTE:g} MB per file: check that it is the right file; {LIMIT_FIX}")
    if not os.access(resolved, os.R_OK):
        return f"{str(path)!r} cannot be read (permission denied): make it readable"
    return None


def read_bounded(path, max_bytes: int) -> bytes:
    """The file's bytes, refusing anything that is not a regular file or is larger than max_bytes."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # O_NONBLOCK: opening a FIFO must not hang
    except FileNotFoundError:
        raise SourceError(path, "file not found") from None
    except OSError as error:
        raise SourceError(path, f"cannot be opened: {error.strerror}") from None
    with os.fdopen(handle, "rb") as stream:
        kind = file_kind(os.fstat(stream.fileno()).st_mode)
        if kind:
            raise SourceError(path, f"is {kind}, not a file: name a document file")
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = stream.read(min(CHUNK_BYTES, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    if total > max_bytes:
        raise SourceError(path, f"larger than the limit of {max_bytes / MEGABYTE:g} MB per file; {LIMIT_FIX}")
    return b"".join(chunks)
