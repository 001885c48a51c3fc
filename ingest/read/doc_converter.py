"""Word 97–2003 .doc and RTF reports (offices save RTF under .doc): converted to .docx by LibreOffice,
when it is installed, then read as .docx. LibreOffice tells the two apart by their content.

No Python library reads .doc tables faithfully; LibreOffice does, but it is large, so it is
optional: without it a .doc gets a ReportError saying what to install.
"""
import shutil
import subprocess
import tempfile
from pathlib import Path

from ingest.errors import ReportError

TIMEOUT_SECONDS = 120


def soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


KINDS = {"doc": "a Word 97-2003 .doc", "rtf": "an RTF document"}


def doc_to_docx(data: bytes, name: str, kind: str = "doc") -> bytes:
    """The .docx bytes LibreOffice makes of a .doc or RTF (`kind`); its own profile dir, so a running
    LibreOffice does not block it."""
    command = soffice()
    if command is None:
        raise ReportError(name, f"is {KINDS[kind]}; reading it needs LibreOffice "
                                "(soffice, e.g. apt-get install libreoffice-writer-nogui), which is not installed")
    with tempfile.TemporaryDirectory(prefix="nianbao-doc-") as tmp:
        src = Path(tmp) / "report.doc"
        src.write_bytes(data)
        try:
            done = subprocess.run(
                [command, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
                 "--convert-to", "docx", "--outdir", tmp, str(src)],
                capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            raise ReportError(name, f"LibreOffice took over {TIMEOUT_SECONDS} s converting {KINDS[kind]}") from None
        out = src.with_suffix(".docx")
        if not out.exists():
            reason = (done.stderr or done.stdout).strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
            raise ReportError(name, f"LibreOffice could not convert {KINDS[kind]}: {reason[0]}")
        return out.read_bytes()
