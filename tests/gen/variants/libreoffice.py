"""Variants made by LibreOffice: its .docx differs from python-docx's and Word's (its own styles,
table properties, merges), and .doc is what old offices still attach. A whole batch is converted
in one LibreOffice run."""
import subprocess
import tempfile
from pathlib import Path

from ingest.read.doc_converter import soffice


def convert(files, target):
    """[(name, bytes)] → bytes of each converted to `target` ("docx" or "doc"), in order."""
    with tempfile.TemporaryDirectory(prefix="nianbao-variants-") as tmp:
        paths = []
        for name, data in files:
            (Path(tmp) / name).write_bytes(data)
            paths.append(Path(tmp) / name)
        out = Path(tmp) / "out"
        filter_name = {"docx": "docx:MS Word 2007 XML", "doc": "doc:MS Word 97", "rtf": "rtf:Rich Text Format"}[target]
        subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
                        "--convert-to", filter_name, "--outdir", str(out), *map(str, paths)],
                       check=True, capture_output=True, timeout=30 + 10 * len(files))
        return [(out / p.with_suffix("." + target).name).read_bytes() for p in paths]
