"""`nianbao migrate --data SRC --to DST`: move an archive between a data folder and a PostgreSQL
database (either way, or folder to folder): every report's original, byte for byte under its
sha256, its entry as it is (name, time, record), and the ingest log; then the destination's
index is brought in step. Reports the destination holds already are left alone, so a migration
that was interrupted is finished by running it again; `nianbao verify` checks the result.
"""
import json
import sys
from pathlib import Path
from typing import TextIO

from . import archive, backends, index, progress


def migrate(source: str | Path, target: str | Path, stream: TextIO | None = None) -> dict[str, int]:
    """{"copied", "present", "log_lines"}: reports copied, reports the target held already, log lines added."""
    stream = stream or sys.stderr
    source, target = archive.data_dir(source), archive.data_dir(target)
    ids = archive.report_ids(source)
    counts = {"copied": 0, "present": 0, "log_lines": 0}
    with archive.locked(target):
        held = set(archive.report_ids(target))
        for report_id in progress.tracked(ids, len(ids), "migrate", stream=stream):
            if report_id in held:
                counts["present"] += 1
                continue
            data = archive.original_path(source, report_id).read_bytes()
            if archive.content_id(data) != report_id:
                raise ValueError(f"{archive.original_path(source, report_id)}: its bytes do not match its name; "
                                 f"run `nianbao verify --repair` on the source first")
            archive.put(target, data, archive.load(source, report_id))
            counts["copied"] += 1
        logged = {json.dumps(line, sort_keys=True) for line in archive.read_log(target)}
        for line in archive.read_log(source):
            if json.dumps(line, sort_keys=True) not in logged:
                archive.append_log(target, line)
                counts["log_lines"] += 1
        if backends.database(target) is None:  # a folder's index is apart from its records; a database's rows are both
            index.sync(target, index.open_index(target))
    return counts
