"""PDFs from layout engines we did not write: Chromium prints an HTML page, LibreOffice converts
a Word file. Our fpdf2 generator and our reader share their authors' assumptions; these do not.

    producer_job(index, seed, families) -> (name, record, look, rng)   document `index` and how it looks
    render(producer, jobs, workdir) -> [PDF bytes]                 in the order of `jobs`

Each engine runs in a private profile folder under `workdir`, so runs never share state.
"""
import random
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .dumps import convert_docx, missing_tool, print_html
from .look import draw_look
from .print_docx import record_docx_print
from .print_html import record_html
from .record import random_record

PRODUCERS = {"chromium": "chromium", "libreoffice": "soffice"}  # each producer and the tool it runs
SERIF = "AR PL UMing CN"  # a Song face, as most reports print; used where installed (fonts-arphic-uming)


def missing(producer):
    """Why `producer` cannot run here, or None."""
    return missing_tool(PRODUCERS[producer])


def fonts():
    """CJK font families to typeset with: WenQuanYi always (CI installs it), a Song face if present."""
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    return ["WenQuanYi Micro Hei"] + ([SERIF] if SERIF in listed else [])


def producer_job(index, seed=0, families=("WenQuanYi Micro Hei",)):
    """(name, record, look, rng) of the `index`-th document: both templates, 表三 (六) split or
    not, blanks, broken sums, money printed in 万元, 万, 元 or with no unit at all."""
    rng = random.Random(seed * 1_000_003 + index)
    template = ("2019", "2021")[index % 2]
    record = random_record(rng.random(), template, split_other=template == "2021" and index % 4 == 3,
                           consistent=rng.random() < 0.7, blanks=rng.choice([0, 0.1, 0.4]))
    return f"{index:04d}", record, draw_look(record, rng, list(families)), rng


def _chromium_one(html_path, pdf_path, profile):
    print_html(html_path, pdf_path, profile)
    shutil.rmtree(profile, ignore_errors=True)


def render(producer, jobs, workdir):
    """PDF bytes for each (name, record, look, rng) of `jobs`, in order, typeset by `producer`."""
    workdir = Path(workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    if producer == "chromium":
        sources = []
        for name, record, look, rng in jobs:
            path = workdir / f"{name}.html"
            path.write_text(record_html(record, look, rng), encoding="utf-8")
            sources.append(path)
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda i: _chromium_one(sources[i], workdir / f"{jobs[i][0]}.pdf", workdir / f"profile{i}"),
                          range(len(sources))))
    else:
        sources = []
        for name, record, look, rng in jobs:
            path = workdir / f"{name}.docx"
            path.write_bytes(record_docx_print(record, look, rng))
            sources.append(str(path))
        convert_docx(sources, workdir)
    return [(workdir / f"{name}.pdf").read_bytes() for name, *_ in jobs]
