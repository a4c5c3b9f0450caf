"""DOCX and XLSX are zip archives: refuse a damaged one, or one that would unpack to far more than a task list
holds (a zip bomb), before a library unpacks it."""

import io
import zipfile

from etl.errors import SourceError

MAX_UNPACKED_BYTES = 512 * 1024 * 1024


def check_archive(data: bytes, path, kind: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise SourceError(path, f"damaged {kind} file (not a readable zip archive): was the download cut "
                                f"short? Open and save it again.") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise SourceError(path, f"{kind} file would unpack to {unpacked // 2**20} MB (limit "
                                f"{MAX_UNPACKED_BYTES // 2**20} MB): refused")
