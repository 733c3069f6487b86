"""Official report PDFs (Decree 30/2020 layout) rendered with WeasyPrint.

Rendering never touches the network or the file system outside `smasweb/static/`:
`StaticFetcher` serves the print CSS and the bundled Liberation Serif fonts and refuses
every other URL, so nothing in a template or in report data (a label holding
`<img src="file:///etc/passwd">` is escaped anyway) can make the server read files
or call out. No Flask app context is needed: jobs and CLI commands render the same.
"""

import mimetypes
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from smasweb.services.reports import pdf_engine, pdf_layout
from smasweb.services.reports.tables import ReportData
from smasweb.text import vn_number

PACKAGE = Path(__file__).resolve().parents[2]
STATIC_ROOT = PACKAGE / "static"
TEMPLATE = "reports/print/report.html"
PORTRAIT_MM = 210 - 30 - 15  # A4 minus the left and right margins of print.css
LANDSCAPE_MM = 297 - 30 - 15


@dataclass(frozen=True)
class Signer:
    """Who issues and signs the report, and who receives it.

    `governing_body` is the cơ quan chủ quản printed above the unit ("UBND TỈNH VĨNH
    LONG", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"; "" for none). `authority` is the optional line
    above the title when someone signs on behalf ("KT. GIÁM ĐỐC" over "PHÓ GIÁM
    ĐỐC"). An empty `name` leaves a blank line for a handwritten name. "Lưu: VT." is
    always added after `recipients`.
    """

    governing_body: str
    unit_name: str
    title: str  # "HIỆU TRƯỞNG", "TRƯỞNG PHÒNG", "GIÁM ĐỐC"
    name: str = ""
    authority: str = ""
    recipients: tuple[str, ...] = field(default_factory=tuple)


class RefusedURL(ValueError):
    """A print template or report data asked for something outside static/."""


def static_fetcher():
    """A WeasyPrint URL fetcher that serves only files under smasweb/static/.

    `data:` URIs are decoded in memory; http(s), ftp, other schemes and file:// paths
    outside static/ (after resolving `..` and symlinks) raise `RefusedURL`, which
    WeasyPrint logs and skips. `fetched` and `refused` list the URLs asked for.
    """
    return _fetcher_class()()


@cache
def _fetcher_class():
    # WeasyPrint costs ~0.5 s to import: only the rendering paths pay for it.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data",), allow_redirects=False)
            self.fetched: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme.lower() == "data":
                return super().fetch(url, headers)
            path = _static_path(parts)
            if path is None:
                self.refused.append(url)
                raise RefusedURL(f"only smasweb/static/ files may be fetched: {url}")
            self.fetched.append(url)
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, path.read_bytes(), headers={"Content-Type": kind}
            )

    return StaticFetcher


def _static_path(parts) -> Path | None:
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(url2pathname(parts.path)).resolve()
    if not path.is_relative_to(STATIC_ROOT) or not path.is_file():
        return None
    return path


@cache
def _jinja() -> Environment:
    env = Environment(
        loader=FileSystemLoader(PACKAGE / "templates"),
        autoescape=select_autoescape(("html",)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["vn_number"] = vn_number
    env.filters["keep_place"] = pdf_layout.keep_place
    env.globals["grid_layout"] = pdf_layout.grid_layout
    return env


def render_html(
    data: ReportData,
    *,
    signer: Signer,
    draft: bool,
    number: str,
    issued_on: date,
    verification_code: str | None = None,
    verify_url: str | None = None,
    place: str = "Vĩnh Long",
    template: str = TEMPLATE,
) -> str:
    """The print HTML of a report, exactly what `render_pdf` hands to WeasyPrint.

    `number` is the document symbol after "Số:" ("15/BC-SGDĐT"). A draft carries a
    "BẢN NHÁP" watermark on every page and no verification; an official copy prints
    "Mã xác thực: <verification_code>" on every page and a QR code of `verify_url`
    after the signature.

    Raises:
        ValueError: an official copy without a verification code or URL.
    """
    if not draft and not (verification_code and verify_url):
        raise ValueError("an official copy needs verification_code and verify_url")
    return (
        _jinja()
        .get_template(template)
        .render(
            data=data,
            signer=signer,
            draft=draft,
            number=number,
            place_date=pdf_layout.place_date(place, issued_on),
            verification_code=None if draft else verification_code,
            qr=None if draft else pdf_layout.qr_svg(verify_url or ""),
            verify_url=None if draft else verify_url,
            page_mm={False: PORTRAIT_MM, True: LANDSCAPE_MM},
        )
    )


def layout(html: str, fetcher=None):
    """WeasyPrint's layout pass (the slow part) on print HTML: a Document whose
    `pages` can be counted before `write_pdf()`. Relative URLs resolve against
    smasweb/static/; `fetcher` defaults to a fresh `static_fetcher()`. See
    pdf_engine.py for what is cached between renders."""
    return pdf_engine.layout(html, fetcher or static_fetcher(), static_fetcher)


def write(document) -> bytes:
    """A laid-out Document (`layout`) as PDF bytes."""
    return pdf_engine.write(document)


def html_to_pdf(html: str, fetcher=None) -> bytes:
    """Print HTML to PDF bytes (`layout` then `write_pdf`)."""
    return pdf_engine.write(layout(html, fetcher))


def render_pdf(data: ReportData, **options) -> bytes:
    """The report as an A4 PDF in the Decree 30/2020 layout; takes `render_html`'s
    keyword arguments.

    Tables marked `wide` go on landscape pages; every page after the first has its
    number centred in the top margin. Only Liberation Serif is embedded.

    Raises:
        ValueError: an official copy without a verification code or URL.
    """
    return html_to_pdf(render_html(data, **options))
