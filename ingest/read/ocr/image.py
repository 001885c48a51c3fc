"""A page image made ready for line finding and OCR: decoded, red seal faded out, straightened, binarised.

The only module of the OCR reader that decodes image files. Everything here works on numpy
arrays (OpenCV's own type), grey 0 (ink) to 255 (paper).
"""
import cv2
import numpy as np

from ingest.errors import ReportError

MAX_PIXELS = 60_000_000  # a 300 dpi A4 page is 8.7 Mpx; a huge image is a bomb, not a report page
MAX_SKEW = 5.0  # degrees: real scans lean a few degrees; a page on its side is not deskewed
SKEW_STEP = 0.1  # degrees: the resolution of the skew search (a 1,600 px rule drifts 3 px over 0.1°)
SKEW_WIDTH = 800  # pixels: the skew is estimated on a copy this wide (the search costs ~100 projections)
MIN_SKEW = 0.05  # degrees: a smaller lean is left alone (rotating resamples and softens the glyphs)
# Red seal: a pixel whose red stands this far above its green and blue is stamp ink, not print.
SEAL_MARGIN = 60


def decode(data: bytes, name: str) -> list[np.ndarray]:
    """The pages of an image file (a TIFF may hold several) as BGR arrays."""
    buffer = np.frombuffer(data, np.uint8)
    ok, pages = cv2.imdecodemulti(buffer, cv2.IMREAD_COLOR)
    if not ok or not pages:
        raise ReportError(name, "not an image OpenCV can decode (PNG, JPEG or TIFF expected)")
    for number, page in enumerate(pages, 1):
        if page.shape[0] * page.shape[1] > MAX_PIXELS:
            raise ReportError(name, f"page {number} is {page.shape[1]}x{page.shape[0]} pixels, over the {MAX_PIXELS:,}-pixel limit")
    return list(pages)


def seal_free_grey(bgr: np.ndarray) -> np.ndarray:
    """Grey where red ink counts as paper: the red channel, in which a red seal is as light as the
    paper it lies on while black print stays dark; where a pixel is not red at all, the plain grey
    (so blue or green print is not lost)."""
    if bgr.ndim == 2:
        return bgr
    blue, green, red = (bgr[:, :, i].astype(np.int16) for i in range(3))
    reddish = (red - np.maximum(green, blue)) > SEAL_MARGIN
    grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    return np.where(reddish, bgr[:, :, 2], grey).astype(np.uint8)


def binarise(grey: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0: Otsu's global threshold after a light blur (JPEG speckle), which holds for
    faint print too since it adapts to the page's own two levels."""
    blurred = cv2.GaussianBlur(grey, (3, 3), 0)
    _, ink = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


def skew(ink: np.ndarray) -> float:
    """The page's lean in degrees: the angle whose rotation makes the rows of ink sharpest (text
    lines and table rules give a spiky horizontal projection only when level)."""
    scale = min(1.0, SKEW_WIDTH / ink.shape[1])
    small = cv2.resize(ink, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    h, w = small.shape
    centre = (w / 2, h / 2)

    def sharpness(angle):
        turned = cv2.warpAffine(small, cv2.getRotationMatrix2D(centre, angle, 1.0), (w, h), flags=cv2.INTER_NEAREST)
        profile = turned.sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(profile)).sum())

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.5), key=sharpness)
    fine = np.arange(coarse - 0.5, coarse + 0.5 + 1e-9, SKEW_STEP)
    return float(max(fine, key=sharpness))


def straighten(grey: np.ndarray, angle: float) -> np.ndarray:
    """`grey` rotated by `angle` degrees about its centre, the corners filled with paper."""
    if abs(angle) < MIN_SKEW:
        return grey
    h, w = grey.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(grey, matrix, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)
