"""JSON Schemas of the content files, generated from the content model, so that an educator's editor
(through the `yaml-language-server` line at the top of each template) completes field names and flags
a mistake before `make check` does. `make schema` writes them; a test keeps them equal to the model."""
from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .model import Inventory, Quiz, Vignette, Written

SCHEMA_DIR = Path("content/schema")
MODELS: dict[str, type[BaseModel]] = {"quiz": Quiz, "vignette": Vignette, "written": Written,
                                      "inventory": Inventory}


def schema_of(kind: str) -> dict:
    model = MODELS[kind]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            **model.model_json_schema(), "title": f"A {kind} of the IPT course"}


def schema_text(kind: str) -> str:
    return json.dumps(schema_of(kind), indent=2, ensure_ascii=False) + "\n"


def write_schemas(root: Path | str = ".") -> list[Path]:
    """Write `content/schema/<kind>.schema.json` for each kind of content file."""
    folder = Path(root) / SCHEMA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind in MODELS:
        path = folder / f"{kind}.schema.json"
        path.write_text(schema_text(kind), encoding="utf-8")
        paths.append(path)
    return paths
