"""Scans of generated reports: a born-digital PDF from pdf.py rendered to page images and spoiled
the way paper is on its way to a scanner or a phone, then wrapped as an image-only PDF or as an
image file (multi-page TIFF; PNG or JPEG as one long image, the 长图 a government account posts).

    scan_report(record, layout, degradation, seed) -> Scan      pages + the record a perfect reader returns
    image_pdf(scan) / image_file(scan, "tiff"|"png"|"jpeg")     the file's bytes

Each degradation is a named function `(scan, rng, **parameters)` that changes `scan.pages` in
place; DEGRADATIONS names the mixes the benchmark and the tests run. Marks placed on the paper
(a seal, a handwritten correction) must come before the steps that move the paper (skew, slant),
because they find their place from the source PDF's word boxes.

Handwritten corrections: a pen stroke through a printed number with another number written above
it. Nobody can tell from the page whether the hand or the print is the report's figure (the
stroke may be a reader's, the new number a draft), so the expected value of such a cell is null
with a note naming its key (CORRECTION_NOTE), never either number. Its template checks are
recomputed with the cell blank.
"""
import io
import math
import random
import re
from dataclasses import dataclass

import cv2
import numpy as np
import pymupdf
from PIL import Image, ImageDraw, ImageFont

from .oracle import broken_rules
from .pdf import FONT, write_pdf

HAND_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf"  # slanted digits, drawn wobbly below
MM = 72 / 25.4  # points per millimetre
SEAL_DIAMETER_MM = 42  # a local government office's round seal is about 4 cm across
SEAL_RED = (214, 32, 40)  # 印泥 red
PEN_BLUE = (28, 44, 150)  # ballpoint
CORRECTION_NOTE = "handwritten correction over the printed number; check the original"
NUMBER = re.compile(r"^\d+$")
FOOTER_SHARE = 0.92  # words below this share of the page height are page numbers, not table cells
DESK_GREY = 70  # what shows around a photographed page


@dataclass
class Scan:
    """Page images (RGB uint8 arrays) at `dpi`, the source PDF's words per page in points
    ((x0, y0, x1, y1, text)), and the record a perfect reader makes of the pages."""
    pages: list
    dpi: int
    words: list
    record: dict

    @property
    def scale(self):
        """Pixels per point."""
        return self.dpi / 72


def render(pdf_bytes, dpi, record):
    """The PDF's pages as RGB images at `dpi` with their words, before any degradation."""
    pages, words = [], []
    with pymupdf.open(stream=pdf_bytes, filetype="pdf") as doc:
        for page in doc:
            pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csRGB, alpha=False)
            pages.append(np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, 3).copy())
            words.append([w[:5] for w in page.get_text("words")])
    return Scan(pages, dpi, words, record)


# --- marks on the paper (before the paper moves) ---------------------------------------------

def _multiply(page, mask, colour):
    """Ink of `colour` laid over the page where `mask` (0–1) says: dark print stays dark under it."""
    tint = 1 - mask[..., None] * (1 - np.array(colour, float) / 255)
    page[:] = np.clip(page * tint, 0, 255).astype(np.uint8)


def _seal_mask(size, org, rng):
    """A round seal's ink (0–1) on a `size` square: ring, five-point star, the org's name along the top."""
    img = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(img)
    c, r = size / 2, size / 2 - 2
    ring = max(2, round(size * 0.028))
    draw.ellipse([c - r, c - r, c + r, c + r], outline=255, width=ring)
    star = [(c + (0.3 if i % 2 == 0 else 0.12) * r * math.sin(i * math.pi / 5),
             c - (0.3 if i % 2 == 0 else 0.12) * r * math.cos(i * math.pi / 5)) for i in range(10)]
    draw.polygon(star, fill=255)
    font = ImageFont.truetype(FONT, max(8, round(r * 0.24)))
    text = org or "人民政府"
    spread = min(240, 24 * len(text))  # degrees of arc the name takes
    for i, ch in enumerate(text):
        angle = -spread / 2 + spread * (i + 0.5) / len(text)
        glyph = Image.new("L", (font.size * 2, font.size * 2), 0)
        ImageDraw.Draw(glyph).text((font.size // 2, font.size // 2), ch, font=font, fill=255)
        glyph = glyph.rotate(-angle, resample=Image.BICUBIC)
        x = c + (r * 0.72) * math.sin(math.radians(angle)) - glyph.width / 2
        y = c - (r * 0.72) * math.cos(math.radians(angle)) - glyph.height / 2
        img.paste(255, (round(x), round(y)), glyph)
    mask = np.asarray(img, float) / 255
    uneven = cv2.GaussianBlur(np.random.default_rng(rng.randrange(2**32)).random((size, size)), (0, 0), size / 30)
    uneven = (uneven - uneven.min()) / (np.ptp(uneven) or 1)
    return mask * (0.55 + 0.45 * uneven)  # 印泥 never inks evenly


def _last_date_box(scan):
    """(page, centre in points) of the last line that reads as a date: where the office signs."""
    for index in range(len(scan.words) - 1, -1, -1):
        for x0, y0, x1, y1, text in reversed(scan.words[index]):
            if re.search(r"(年.*月.*日|\d{4}-\d{2}-\d{2})$", text):
                return index, ((x0 + x1) / 2, (y0 + y1) / 2)
    return len(scan.pages) - 1, None


def _last_table_box(scan):
    """(page, centre in points) of the last number printed above the footer: the end of the last table."""
    for index in range(len(scan.words) - 1, -1, -1):
        height = scan.pages[index].shape[0] / scan.scale
        cells = [w for w in scan.words[index] if NUMBER.match(w[4]) and w[3] < height * FOOTER_SHARE]
        if cells:
            x0, y0, x1, y1, _ = cells[-1]
            return index, ((x0 + x1) / 2, (y0 + y1) / 2)
    return len(scan.pages) - 1, None


def seal(scan, rng, over="signature", opacity=0.85):
    """A red 公章 stamped over the signature's date line (`over="signature"`) or over the last
    cells of the last table (`over="table"`), a little off centre, slightly turned."""
    index, centre = (_last_date_box if over == "signature" else _last_table_box)(scan)
    page = scan.pages[index]
    if centre is None:
        centre = (page.shape[1] / scan.scale * 0.7, page.shape[0] / scan.scale * 0.8)
    size = round(SEAL_DIAMETER_MM * MM * scan.scale)
    mask = _seal_mask(size, scan.record.get("org"), rng)
    mask = cv2.warpAffine(mask, cv2.getRotationMatrix2D((size / 2, size / 2), rng.uniform(-15, 15), 1), (size, size))
    cx = round(centre[0] * scan.scale + rng.uniform(-0.15, 0.15) * size) - size // 2
    cy = round(centre[1] * scan.scale + rng.uniform(-0.15, 0.15) * size) - size // 2
    h, w = page.shape[:2]
    x0, y0, x1, y1 = max(cx, 0), max(cy, 0), min(cx + size, w), min(cy + size, h)
    _multiply(page[y0:y1, x0:x1], mask[y0 - cy:y1 - cy, x0 - cx:x1 - cx] * opacity, SEAL_RED)


def printed_cells(scan):
    """{key: (page, word box)} of integer cells ≥ 10 that are the only field with their value and whose
    digits are printed once in the whole document, so the box found is surely that key's cell."""
    fields = scan.record["fields"]
    counts = {}
    for value in fields.values():
        counts[value] = counts.get(value, 0) + 1
    printed = {}
    for index, words in enumerate(scan.words):
        for x0, y0, x1, y1, text in words:
            if NUMBER.match(text):
                printed.setdefault(int(text), []).append((index, (x0, y0, x1, y1)))
    return {key: printed[value][0] for key, value in fields.items()
            if isinstance(value, int) and value >= 10 and counts[value] == 1 and len(printed.get(value, [])) == 1
            and not key.endswith(".amount")}


def _hand_digits(text, height_px, rng):
    """`text` as a pen writes it: each digit its own size, tilt and height, in ink (0–1) on a small mask."""
    font = ImageFont.truetype(HAND_FONT, max(8, round(height_px)))
    width = round(font.size * 0.75 * len(text) + font.size)
    img = Image.new("L", (width, round(font.size * 1.8)), 0)
    x = font.size * 0.3
    for ch in text:
        glyph = Image.new("L", (font.size * 2, font.size * 2), 0)
        ImageDraw.Draw(glyph).text((font.size // 3, font.size // 3), ch, font=font, fill=255,
                                   stroke_width=max(1, font.size // 14))
        glyph = glyph.rotate(rng.uniform(-12, 12), resample=Image.BICUBIC)
        img.paste(255, (round(x), round(rng.uniform(-0.1, 0.15) * font.size)), glyph)
        x += font.size * rng.uniform(0.55, 0.75)
    return np.asarray(img, float) / 255


def handwritten_corrections(scan, rng, count=2):
    """`count` printed numbers struck through by pen, another number written above each; their keys
    become null with CORRECTION_NOTE in the expected record (see the module's docstring)."""
    record = scan.record
    choices = sorted(printed_cells(scan).items())
    for key, (index, (x0, y0, x1, y1)) in rng.sample(choices, min(count, len(choices))):
        page, s = scan.pages[index], scan.scale
        printed = record["fields"][key]
        written = printed + rng.choice([-1, 1]) * rng.randint(1, 9)
        ink = np.zeros(page.shape[:2])
        thickness = max(2, round(0.6 * s))
        slope = rng.uniform(-0.25, 0.25) * (y1 - y0)
        cv2.line(ink, (round((x0 - 1.5) * s), round(((y0 + y1) / 2 + slope) * s)),
                 (round((x1 + 1.5) * s), round(((y0 + y1) / 2 - slope) * s)), 1.0, thickness, cv2.LINE_AA)
        hand = _hand_digits(str(written), (y1 - y0) * s * 0.9, rng)
        top, left = max(0, round((y0 - (y1 - y0) * 1.05) * s)), max(0, round(x0 * s))
        h, w = min(hand.shape[0], ink.shape[0] - top), min(hand.shape[1], ink.shape[1] - left)
        ink[top:top + h, left:left + w] = np.maximum(ink[top:top + h, left:left + w], hand[:h, :w])
        _multiply(page, ink, PEN_BLUE)
        record["fields"][key] = None
        record["notes"] = [n for n in record["notes"] if n["key"] != key] + [{"key": key, "note": CORRECTION_NOTE}]
    record["checks"] = broken_rules(record["fields"])


GUTTER_NOTE = "a number printed across the gutter between two columns; its row cannot be placed surely"


def number_across_gutter(scan, rng):
    """One printed number of 表三 moved right until it stands across the white between its
    column and the next (a cell typed off its place, a table without vertical rules): nobody can
    tell from the page which column it is in, so its row's fields become null with GUTTER_NOTE
    in the expected record. Returns the row's key."""
    record = scan.record
    choices = []
    for key, (index, (x0, y0, x1, y1)) in sorted(printed_cells(scan).items()):
        right = [w for w in scan.words[index]
                 if NUMBER.match(w[4]) and w[0] > x1 and abs((w[1] + w[3]) / 2 - (y0 + y1) / 2) < (y1 - y0) / 2]
        if key.startswith("t3.") and right:
            choices.append((key, index, (x0, y0, x1, y1), min(right, key=lambda w: w[0])))
    key, index, (x0, y0, x1, y1), beside = rng.choice(choices)
    page, s = scan.pages[index], scan.scale
    shift = round(((x1 + beside[0]) / 2 - (x0 + x1) / 2) * s)  # the number's middle onto the middle of the gutter
    top, bottom, left, right = round(y0 * s) - 1, round(y1 * s) + 1, round(x0 * s) - 1, round(x1 * s) + 1
    ink = page[top:bottom, left:right].copy()
    page[top:bottom, left:right] = 255
    target = page[top:bottom, left + shift:right + shift]
    page[top:bottom, left + shift:right + shift] = np.minimum(target, ink[:, :target.shape[1]])
    row = key.rsplit(".", 1)[0]
    for field in record["fields"]:
        if field.rsplit(".", 1)[0] == row:
            record["fields"][field] = None
            record["notes"] = [n for n in record["notes"] if n["key"] != field] + [{"key": field, "note": GUTTER_NOTE}]
    record["checks"] = broken_rules(record["fields"])
    return row


# --- the paper moves, the scanner or camera sees it -------------------------------------------

def skew(scan, rng, max_degrees=3.0):
    """Each page turned by 0.5–`max_degrees` degrees either way, as a sheet fed crooked."""
    for i, page in enumerate(scan.pages):
        angle = rng.choice([-1, 1]) * rng.uniform(0.5, max_degrees)
        h, w = page.shape[:2]
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1)
        scan.pages[i] = cv2.warpAffine(page, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))


def slant(scan, rng, strength=0.06):
    """A page photographed from above at an angle: each corner pulled in by up to `strength` of the
    page's size, the desk showing around it, light falling off across the page."""
    for i, page in enumerate(scan.pages):
        h, w = page.shape[:2]
        src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
        pull = lambda: rng.uniform(0.2, 1) * strength  # noqa: E731
        dst = np.float32([[pull() * w, pull() * h], [w - pull() * w, pull() * h],
                          [w - pull() * w, h - pull() * h], [pull() * w, h - pull() * h]])
        warped = cv2.warpPerspective(page, cv2.getPerspectiveTransform(src, dst), (w, h),
                                     flags=cv2.INTER_LINEAR, borderValue=(DESK_GREY,) * 3)
        light = np.linspace(rng.uniform(0.78, 0.9), 1.0, w if rng.random() < 0.5 else h)
        light = light[None, :, None] if light.size == w else light[:, None, None]
        scan.pages[i] = np.clip(warped * light, 0, 255).astype(np.uint8)


def faint(scan, rng, contrast=0.4):
    """Light print: ink at about `contrast` of its darkness, strokes thinned, a few specks lost."""
    for i, page in enumerate(scan.pages):
        light = 255 - (255 - page.astype(float)) * rng.uniform(contrast * 0.85, contrast * 1.1)
        light = cv2.dilate(light, np.ones((2, 2)))  # white grows over the ink: thinner strokes
        lost = np.random.default_rng(rng.randrange(2**32)).random(page.shape[:2]) < 0.03
        light[lost] = 255
        scan.pages[i] = np.clip(light, 0, 255).astype(np.uint8)


def jpeg_noise(scan, rng, quality=35, sigma=8.0, paper=235):
    """Paper that is not white (`paper` grey), sensor noise of `sigma` grey levels, then JPEG at
    `quality` (a phone or a cheap scanner's file)."""
    noise = np.random.default_rng(rng.randrange(2**32))
    for i, page in enumerate(scan.pages):
        toned = page * (paper / 255)
        noisy = np.clip(toned + noise.normal(0, sigma, page.shape[:2])[..., None], 0, 255).astype(np.uint8)
        ok, data = cv2.imencode(".jpg", noisy, [cv2.IMWRITE_JPEG_QUALITY, quality])
        scan.pages[i] = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)


def seal_over_table(scan, rng):
    seal(scan, rng, over="table")


# name: (dpi, steps in order). Every step draws its parameters from the scan's seeded rng.
DEGRADATIONS = {
    "clean": (200, []),
    "dpi150": (150, []),
    "dpi300": (300, []),
    "skew": (200, [skew]),
    "jpeg": (200, [jpeg_noise]),
    "seal": (200, [seal]),
    "seal_table": (200, [seal_over_table]),
    "slant": (200, [slant]),
    "faint": (200, [faint]),
    "corrections": (200, [handwritten_corrections]),
    "stamped_crooked": (200, [seal, skew, jpeg_noise]),  # the common real case: all at once, mildly
}


def scan_report(record, layout, degradation="clean", seed=0):
    """The report `record` typeset by pdf.write_pdf in `layout`, scanned with `degradation`.
    `record` is not changed; the Scan's record is what a perfect reader returns."""
    dpi, steps = DEGRADATIONS[degradation]
    rng = random.Random(f"{seed}/{layout}/{degradation}")
    pdf = write_pdf(record, layout, random.Random(seed))
    scan = render(pdf, dpi, {**record, "fields": dict(record["fields"]), "notes": list(record["notes"])})
    for step in steps:
        step(scan, rng)
    return scan


# --- files ------------------------------------------------------------------------------------

def _pil(page):
    """A page as a Pillow image: grey where it holds no colour (a smaller file, as scanners save)."""
    if np.array_equal(page[..., 0], page[..., 1]) and np.array_equal(page[..., 1], page[..., 2]):
        return Image.fromarray(page[..., 0], "L")
    return Image.fromarray(page, "RGB")


def _encoded(image, fmt, dpi):
    out = io.BytesIO()
    if fmt == "jpeg":
        image.save(out, "JPEG", quality=90, dpi=(dpi, dpi))
    elif fmt == "tiff":
        image.save(out, "TIFF", compression="tiff_lzw", dpi=(dpi, dpi))
    else:
        image.save(out, "PNG", dpi=(dpi, dpi))
    return out.getvalue()


def image_pdf(scan, codec="png"):
    """An image-only PDF, one page image a page at the scan's size (no text layer), as scanners write."""
    doc = pymupdf.open()
    for page in scan.pages:
        h, w = page.shape[:2]
        pdf_page = doc.new_page(width=w / scan.scale, height=h / scan.scale)
        pdf_page.insert_image(pdf_page.rect, stream=_encoded(_pil(page), codec, scan.dpi))
    doc.set_metadata({"creationDate": "D:20000101000000Z", "modDate": "D:20000101000000Z"})
    return doc.tobytes(garbage=3, deflate=True, no_new_id=True)  # same scan, same bytes


def image_file(scan, fmt):
    """A multi-page TIFF, or for "png"/"jpeg" the pages one under another as one long image."""
    images = [_pil(page) for page in scan.pages]
    if fmt == "tiff":
        out = io.BytesIO()
        images[0].save(out, "TIFF", compression="tiff_lzw", dpi=(scan.dpi, scan.dpi), save_all=True,
                       append_images=images[1:])
        return out.getvalue()
    mode = "RGB" if any(im.mode == "RGB" for im in images) else "L"
    long = Image.new(mode, (max(im.width for im in images), sum(im.height for im in images)), "white")
    top = 0
    for im in images:
        long.paste(im.convert(mode), (0, top))
        top += im.height
    return _encoded(long, fmt, scan.dpi)


SCAN_FORMATS = ("pdf", "tiff", "png", "jpeg")


def scan_file(scan, fmt):
    """(suffix, bytes) of the scan as `fmt`, one of SCAN_FORMATS."""
    if fmt == "pdf":
        return ".pdf", image_pdf(scan)
    return {"tiff": ".tif", "png": ".png", "jpeg": ".jpg"}[fmt], image_file(scan, fmt)
