"""WeasyPrint set up for the report templates, at about half its usual cost.

Profiling a school's 7-page report (bench/report_pdf.py) showed three costs that
are not layout:

- WeasyPrint's user-agent stylesheet (html5_ua.css, ~200 rules and universal
  ::marker / ::footnote-* rules that give each of 2,300 elements six pseudo-element
  styles) took about half of the style cascade: print-ua.css keeps only what the
  print templates use (the same computed styles; the pages are pixel-identical);
- the pure-Python HTML parser took 0.3 s on 60 kB: the templates are well-formed
  XML, so expat parses them (markup that is not XML still goes through the HTML
  parser, with WeasyPrint's own user-agent stylesheet left out all the same);
- print.css and its four @font-face files were parsed and loaded on every render:
  they are parsed once per process, with one FontConfiguration kept with them;
- a render makes ~100,000 short-lived objects (boxes, styles), so Python's cycle
  collector ran hundreds of times for almost nothing (~13 % of the render):
  `few_collections` raises its threshold while WeasyPrint works.

Only fetches through `pdf.static_fetcher()` are made, so the safety rules of
pdf.py hold.
"""

import atexit
import gc
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

STATIC_ROOT = Path(__file__).resolve().parents[2] / "static"
UA_CSS = STATIC_ROOT / "css" / "print-ua.css"
PRINT_CSS = "css/print.css"  # as the templates link it


RENDER_GC_THRESHOLD = (50_000, 50, 1000)  # Python's default: (700, 10, 10)


@contextmanager
def few_collections():
    """Run the cycle collector rarely for a while (memory stays bounded: it still
    runs, every 50,000 allocations instead of 700); the previous thresholds after."""
    before = gc.get_threshold()
    gc.set_threshold(*RENDER_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@cache
def _fonts():
    from weasyprint.text.fonts import FontConfiguration

    # dropped before interpreter shutdown, while its __del__ can still clean up
    atexit.register(_print_css.cache_clear)
    atexit.register(_fonts.cache_clear)
    return FontConfiguration()


@cache
def _print_css(fetcher_factory):
    """print.css parsed once, its fonts loaded into the shared FontConfiguration."""
    from weasyprint import CSS

    return CSS(
        filename=str(STATIC_ROOT / PRINT_CSS),
        url_fetcher=fetcher_factory(),
        font_config=_fonts(),
    )


@cache
def _html_class():
    import cssselect2
    from weasyprint import CSS, HTML

    user_agent = CSS(string=UA_CSS.read_text(encoding="utf-8"))

    class PrintHTML(HTML):
        """HTML with print-ua.css as its user-agent stylesheet; XML is parsed by
        expat and its link to print.css dropped (`uses_print_css`): the cached
        sheet is passed to render() instead."""

        uses_print_css = False

        def __init__(self, *, string: str, base_url: str, url_fetcher) -> None:
            try:
                root = ElementTree.fromstring(string)  # noqa: S314 - our templates
            except ElementTree.ParseError:
                super().__init__(
                    string=string, base_url=base_url, url_fetcher=url_fetcher
                )
                return
            for head in root.iter("head"):
                for link in head.findall("link"):
                    if (
                        link.get("rel") == "stylesheet"
                        and link.get("href") == PRINT_CSS
                    ):
                        head.remove(link)
                        self.uses_print_css = True
            self.base_url, self.url_fetcher = base_url, url_fetcher
            self.media_type = "print"
            self.wrapper_element = cssselect2.ElementWrapper.from_html_root(
                root, content_language=None
            )
            self.etree_element = self.wrapper_element.etree_element

        def _ua_stylesheets(self, forms=False):
            return [user_agent]

    return PrintHTML


def layout(html: str, fetcher, fetcher_factory):
    """WeasyPrint's layout pass on print HTML (a Document)."""
    with few_collections():
        document = _html_class()(
            string=html, base_url=STATIC_ROOT.as_uri() + "/", url_fetcher=fetcher
        )
        if document.uses_print_css:
            return document.render(
                stylesheets=[_print_css(fetcher_factory)], font_config=_fonts()
            )
        return document.render()


def write(document) -> bytes:
    """The laid-out Document's PDF bytes."""
    with few_collections():
        return document.write_pdf()
