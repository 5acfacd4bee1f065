"""A course on disk: its content items and its bibliography, loaded and checked together."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .checks import check_item, check_unique_ids, position_bias
from .loader import Source, content_files, load_file
from .model import Content, Inventory, Item
from .problems import ContentError, Problem
from .references import load_bibliography, short_citations

CONTENT_DIR = "content"
BIBLIOGRAPHY = "book/references.bib"


@dataclass(frozen=True)
class Course:
    root: Path
    items: dict[str, Item]
    inventories: dict[str, Inventory]
    sources: dict[tuple[str, str], Source]  # by (kind, id)
    citations: dict[str, str]

    @classmethod
    def load(cls, root: Path | str = ".", paths: list[Path] | None = None) -> Course:
        """Load every content file (or just `paths`); raise `ContentError` listing all problems."""
        course, problems = cls.read(root, paths)
        if problems:
            raise ContentError(problems)
        return course

    @classmethod
    def read(cls, root: Path | str = ".", paths: list[Path] | None = None) -> tuple[Course, list[Problem]]:
        """The items that load cleanly, and the problems of all the others (for a build that
        reports every problem, then fails)."""
        root = Path(root)
        problems: list[Problem] = []
        bib = load_bibliography(root / BIBLIOGRAPHY)
        if isinstance(bib, Problem):
            problems.append(bib)
            citations: dict[str, str] = {}
        else:
            citations = short_citations(bib)
        loaded: list[tuple[Content, Source]] = []
        for path in content_files(paths or [root / CONTENT_DIR]):
            result = load_file(path)
            if isinstance(result, list):
                problems += result
                continue
            found = check_item(*result, known_refs=set(citations))
            problems += found
            if not found:
                loaded.append(result)
        duplicates = check_unique_ids(loaded)
        problems += duplicates
        clean = [(i, s) for i, s in loaded if not any(p.path == s.path for p in duplicates)]
        course = cls(root, {i.id: i for i, _ in clean if not isinstance(i, Inventory)},
                     {i.id: i for i, _ in clean if isinstance(i, Inventory)},
                     {(i.kind, i.id): s for i, s in clean}, citations)
        return course, sorted(problems)

    @staticmethod
    def fingerprint(root: Path | str = ".") -> str:
        """A digest of everything `read` depends on: the content files, the bibliography and this
        package's code. Equal fingerprints mean `read` would return the same course."""
        root = Path(root)
        digest = hashlib.sha256()
        code = sorted(Path(__file__).parent.rglob("*.py"))  # subpackages too
        for path in [*content_files([root / CONTENT_DIR]), root / BIBLIOGRAPHY, *code]:
            digest.update(str(path).encode() + b"\0")
            digest.update(path.read_bytes() if path.is_file() else b"(missing)")
        return digest.hexdigest()

    def warnings(self) -> list[Problem]:
        """Habits that are not errors but weaken the course, such as right answers listed first."""
        found = (position_bias(item, self.source_of(item)) for item in self.items.values())
        return sorted(w for w in found if w)

    def source_of(self, content: Content) -> Source:
        return self.sources[content.kind, content.id]

    def __getitem__(self, item_id: str) -> Item:
        try:
            return self.items[item_id]
        except KeyError:
            raise KeyError(f"no quiz or vignette with id '{item_id}'; known ids: "
                           f"{', '.join(sorted(self.items))}") from None
