"""How much one report file may cost: bytes, pages and seconds, in one place.

Defaults fit real reports with a wide margin (the sample text reports are ~8 KB, the real
PDF 0.3 MB and 9 pages); $NIANBAO_MAX_MB, $NIANBAO_MAX_TEXT_MB, $NIANBAO_MAX_PAGES and
$NIANBAO_TIMEOUT_S ($NIANBAO_OCR_PAGE_S: seconds more per OCR'd page) override them, and the --max-mb/--max-pages/--timeout flags of
`extract` and `ingest` override those.
"""
import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Limits:
    max_mb: float = 100.0  # any file: what a reader may load into memory at all
    # Text and HTML: parsing costs ~0.45 s per MB, so a 50 MB "report" took 23 s; 2 MB is
    # 250 times a real text report and reads in about a second.
    max_text_mb: float = 2.0
    max_pages: int = 500  # a report runs to tens of pages
    timeout_s: float = 60.0  # wall time to read one file (a real PDF takes under 1 s)
    # Added to timeout_s for each page read by OCR: a clean 200 dpi page takes ~8 s on one core
    # (README, Speed), a busy machine or a 300 dpi scan several times that.
    ocr_page_s: float = 60.0


_ENV = {"max_mb": "NIANBAO_MAX_MB", "max_text_mb": "NIANBAO_MAX_TEXT_MB",
        "max_pages": "NIANBAO_MAX_PAGES", "timeout_s": "NIANBAO_TIMEOUT_S",
        "ocr_page_s": "NIANBAO_OCR_PAGE_S"}
_FLAGS = {"max_mb": "max_mb", "max_pages": "max_pages", "timeout_s": "timeout"}


def from_env(environ: Mapping[str, str] | None = None) -> Limits:
    """The defaults with every $NIANBAO_* override applied; ValueError naming a bad variable."""
    environ = os.environ if environ is None else environ
    limits = Limits()
    for field, var in _ENV.items():
        if environ.get(var):
            limits = replace(limits, **{field: _positive(var, environ[var], type(getattr(limits, field)))})
    return limits


def _positive(name, raw, kind):
    try:
        value = kind(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise ValueError(f"{name}={raw!r} is not a positive {'whole ' if kind is int else ''}number")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """--max-mb, --max-pages and --timeout on a subcommand's parser."""
    parser.add_argument("--max-mb", type=float, metavar="MB",
                        help=f"largest file read (default {Limits.max_mb:g}, ${_ENV['max_mb']})")
    parser.add_argument("--max-pages", type=int, metavar="N",
                        help=f"most pages a PDF may have (default {Limits.max_pages}, ${_ENV['max_pages']})")
    parser.add_argument("--timeout", type=float, metavar="S",
                        help=f"seconds to read one file (default {Limits.timeout_s:g}, ${_ENV['timeout_s']})")


def from_args(args: argparse.Namespace) -> Limits:
    """The environment's limits with the command line's flags on top; ValueError for a bad value."""
    limits = from_env()
    for field, flag in _FLAGS.items():
        value = getattr(args, flag, None)
        if value is not None:
            limits = replace(limits, **{field: _positive(f"--{flag.replace('_', '-')}", str(value), type(getattr(limits, field)))})
    return limits
