"""The SCORM 1.2 package of the built book, for a learning management system: `python -m ipt_course scorm`
(`make scorm`). The zip holds `imsmanifest.xml`, the launch page `scorm.html` with its script, and the book under
`book/`. The launch page reports to the learning system what the book keeps in the browser (`runtime/scorm.js`)."""
from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree as ET

from .sphinxext.messages import SCRIPT as RUNTIME_MESSAGES
from .sphinxext.offline import MANIFEST, WORKER, book_files

ZIP_NAME = "ipt-course-scorm.zip"
LAUNCH = "scorm.html"
MESSAGES = f"_static/{RUNTIME_MESSAGES}"   # the interface catalogue, in a book not in English
SCRIPT = Path(__file__).parent / "static" / "ipt-scorm.js"
IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMAS = f"{IMSCP} imscp_rootv1p1p2.xsd {ADLCP} adlcp_rootv1p2.xsd"
FIXED_TIME = (2020, 1, 1, 0, 0, 0)
"""Every file's date in the zip, so the same book gives the same package."""


@dataclass(frozen=True)
class Package:
    path: Path
    files: int
    items: int


class _Chapters(HTMLParser):
    """The progress page's chapters (`tbody[data-chapter]`) and their items (`tr[data-item-id]`, with titles)."""

    def __init__(self) -> None:
        super().__init__()
        self.chapters: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tbody" and a.get("data-chapter"):
            # the page's name without its folder: a SCORM 1.2 identifier has no "/" in strict systems
            self.chapters.append({"id": str(a["data-chapter"]).rsplit("/", 1)[-1], "items": {}})
        elif tag == "tr" and a.get("data-item-id") and self.chapters:
            self.chapters[-1]["items"][a["data-item-id"]] = a.get("data-title") or a["data-item-id"]


def chapters(book: Path) -> list[dict]:
    """Each chapter with items, in the book's order: `{"id": name, "items": {item id: title}}`."""
    parser = _Chapters()
    parser.feed((book / "book" / "progress.html").read_text(encoding="utf-8"))
    return parser.chapters


def launch_page(title: str, course: list[dict], lang: str = "en", messages: str | None = None) -> str:
    """The page the learning system opens: the book in a frame, a note when there is no learning system; in
    the book's language, with its interface catalogue where it has one."""
    data = json.dumps({"chapters": course}, ensure_ascii=False).replace("<", "\\u003c")
    catalogue = f'<script src="{escape(messages)}"></script>\n' if messages else ""
    return f"""<!DOCTYPE html>
<html lang="{escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>
html, body {{ height: 100%; margin: 0; }}
body {{ display: flex; flex-direction: column; font-family: system-ui, sans-serif; }}
.ipt-scorm-note {{ margin: 0; padding: 0.5rem 1rem; background: #fff4d6; color: #3d2e00; }}
.ipt-scorm-book {{ flex: 1; width: 100%; border: 0; }}
</style>
</head>
<body>
<p class="ipt-scorm-note" role="status" hidden></p>
<iframe class="ipt-scorm-book" title="{escape(title)}"></iframe>
<script type="application/json" id="ipt-scorm-course">{data}</script>
{catalogue}<script src="ipt-scorm.js"></script>
</body>
</html>
"""


def manifest(title: str, files: list[str]) -> str:
    """imsmanifest.xml: one organization with one item, the launch page as one SCO listing every file."""
    for prefix, uri in {"": IMSCP, "adlcp": ADLCP, "xsi": XSI}.items():
        ET.register_namespace(prefix, uri)

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{IMSCP}}}{tag}", attrs)
        element.text = text
        return element

    root = ET.Element(f"{{{IMSCP}}}manifest", {"identifier": "ipt-course", "version": "1.0",
                                                f"{{{XSI}}}schemaLocation": SCHEMAS})
    metadata = add(root, "metadata")
    add(metadata, "schema", "ADL SCORM")
    add(metadata, "schemaversion", "1.2")
    organization = add(add(root, "organizations", default="ipt-course-organization"), "organization",
                       identifier="ipt-course-organization")
    add(organization, "title", title)
    add(add(organization, "item", identifier="ipt-course-item", identifierref="ipt-course-resource", isvisible="true"),
        "title", title)
    resource = add(add(root, "resources"), "resource", identifier="ipt-course-resource", type="webcontent",
                   href=LAUNCH, **{f"{{{ADLCP}}}scormtype": "sco"})
    for name in files:
        add(resource, "file", href=quote(name))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write_package(book: Path, out: Path) -> Package:
    """Zip the built book in `book` as a SCORM 1.2 package at `out`."""
    web_app = json.loads((book / MANIFEST).read_text(encoding="utf-8"))
    title, course = web_app["name"], chapters(book)
    # what the book uses (the PDF it links included), not every file Jupyter Book leaves in its output
    used = [*book_files(book, web_app, downloads=True), *[WORKER] * (book / WORKER).is_file()]
    lang = re.search(r'<html[^>]* lang="([^"]+)"', (book / "book" / "progress.html").read_text(encoding="utf-8"))
    messages = f"book/{MESSAGES}" if MESSAGES in used else None
    page = launch_page(title, course, lang[1] if lang else "en", messages)
    contents = {LAUNCH: page.encode(), "ipt-scorm.js": SCRIPT.read_bytes()}
    contents |= {f"book/{name}": (book / name).read_bytes() for name in used}
    files = sorted(contents)
    contents["imsmanifest.xml"] = manifest(title, files).encode()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")   # an interrupted run never leaves half a package to upload
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ["imsmanifest.xml", *files]:
            z.writestr(zipfile.ZipInfo(name, FIXED_TIME), contents[name], zipfile.ZIP_DEFLATED)
    partial.replace(out)
    return Package(out, len(files), sum(len(ch["items"]) for ch in course))
