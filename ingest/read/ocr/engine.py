"""Tesseract, driven in-process through tesserocr, with Debian's Simplified Chinese data.

The one module that knows the OCR engine. It finds the language data (never downloads it),
says in one line what to install when it is missing, and reads either a whole region as
positioned characters or one table cell as a number.
"""
import glob
import os
from typing import NamedTuple

import numpy as np

LANGUAGE = "chi_sim"  # Simplified Chinese; its model reads the Latin digits of the tables as well
TESSDATA_ENV = "NIANBAO_TESSDATA"  # a folder holding chi_sim.traineddata, before TESSDATA_PREFIX and Debian's
DEBIAN_TESSDATA = "/usr/share/tesseract-ocr/*/tessdata"  # where tesseract-ocr-chi-sim puts it
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-chi-sim"
DIGITS = "0123456789.-"  # what a table cell may hold: counts, money with a decimal point, a decrease


class Word(NamedTuple):
    """One recognised word (in Chinese, a run of characters): its text, its box in the image's pixels
    (across: the word's; upright: its text line's), and the engine's confidence 0–1."""
    text: str
    x0: int
    top: int
    x1: int
    bottom: int
    confidence: float


class MissingEngine(Exception):
    """Tesseract or its Chinese data is not installed; `str()` says what to install."""


def tessdata() -> str:
    """The folder holding chi_sim.traineddata, or MissingEngine naming what to install."""
    wanted = os.environ.get(TESSDATA_ENV)
    candidates = [wanted] if wanted else [os.environ.get("TESSDATA_PREFIX", "")] + sorted(glob.glob(DEBIAN_TESSDATA), reverse=True)
    for folder in candidates:
        if folder and os.path.isfile(os.path.join(folder, f"{LANGUAGE}.traineddata")):
            return folder
    where = f" (${TESSDATA_ENV} is {wanted})" if wanted else ""
    raise MissingEngine(f"scanned pages need OCR, but Tesseract's Simplified Chinese data ({LANGUAGE}.traineddata) "
                        f"is not installed{where}: run `{INSTALL}`")


class Engine:
    """Two Tesseract instances for a whole file (loading the model costs ~0.15 s): one reads text,
    one reads table cells as digits only."""

    def __init__(self) -> None:
        try:
            import tesserocr
        except ImportError:
            raise MissingEngine("scanned pages need OCR, but tesserocr is not installed: "
                                f"run `pip install tesserocr` and `{INSTALL}`") from None
        self._tesserocr = tesserocr
        folder = tessdata()
        self.text = tesserocr.PyTessBaseAPI(path=folder, lang=LANGUAGE, psm=tesserocr.PSM.SINGLE_BLOCK)
        self.digits = tesserocr.PyTessBaseAPI(path=folder, lang=LANGUAGE, psm=tesserocr.PSM.SINGLE_LINE)
        self.digits.SetVariable("tessedit_char_whitelist", DIGITS)

    def words(self, grey: np.ndarray, dpi: float, block: bool = True) -> list[Word]:
        """The words Tesseract reads in `grey` (ink dark), boxes in its pixels: read as one block of
        text lines (a table cell) or, with `block` False, with the engine's own layout analysis (a page)."""
        t = self._tesserocr
        api = self.text
        api.SetPageSegMode(t.PSM.SINGLE_BLOCK if block else t.PSM.AUTO)
        _set_image(api, grey, dpi)
        api.Recognize()
        out = []
        iterator = api.GetIterator()
        if iterator is None:
            return out
        for item in t.iterate_level(iterator, t.RIL.WORD):
            if item.Empty(t.RIL.WORD):
                continue
            text = item.GetUTF8Text(t.RIL.WORD).strip()
            found, line = item.BoundingBox(t.RIL.WORD), item.BoundingBox(t.RIL.TEXTLINE)
            if text and found and line:  # a Chinese word's own box may reach above or below its line: the line's height is kept
                out.append(Word(text, found[0], line[1], found[2], line[3], item.Confidence(t.RIL.WORD) / 100))
        return out

    def number(self, grey: np.ndarray, dpi: float) -> tuple[str, float]:
        """(text, confidence 0–1) of `grey` (one table cell, one number) read as a single line of digits."""
        api = self.digits
        _set_image(api, grey, dpi)
        text = api.GetUTF8Text().strip().replace(" ", "")
        confidences = api.AllWordConfidences()
        return text, (min(confidences) / 100 if confidences and text else 0.0)

    def close(self) -> None:
        self.text.End()
        self.digits.End()


def _set_image(api, grey, dpi):
    h, w = grey.shape
    api.SetImageBytes(np.ascontiguousarray(grey).tobytes(), w, h, 1, w)
    api.SetSourceResolution(int(round(dpi)))
