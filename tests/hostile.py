"""Hostile import files built in memory, and running an import under a memory limit.

Used by tests/integration/test_hostile_files.py and tests/integration/test_import_fuzz.py.

- :func:`xlsx_with_bomb` makes a real zip bomb: the shared-strings part is a deflate
  stream of one flushed segment repeated, so a few megabytes unpack to gigabytes (the
  CRC is computed, so the file is a valid .xlsx that a naive reader would unpack).
- :func:`run_limited` runs ``readiness import`` in a child process whose address space
  is capped with ``resource.setrlimit(RLIMIT_AS)``: a reader that unpacks a bomb dies
  with MemoryError (a traceback on stderr) instead of taking the machine down.
"""

from __future__ import annotations

import io
import os
import resource
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEMORY_LIMIT = 1536 * 1024 * 1024  # address space of the child that imports

_SHEET = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<sheetData>{rows}</sheetData></worksheet>"
)
_COLUMNS = ("ronde", "datum", "rol", "respondent", "item", "antwoord")


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def _zip(entries: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip from (name, deflated data, crc, declared unpacked size, packed size)."""
    out = io.BytesIO()
    central = []
    for name, data, crc, usize, csize in entries:
        offset = out.tell()
        raw = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, csize, usize, len(raw), 0))
        out.write(raw)
        out.write(data)
        central.append(
            struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, csize, usize,
                        len(raw), 0, 0, 0, 0, 0, offset) + raw  # fmt: skip
        )
    start = out.tell()
    for entry in central:
        out.write(entry)
    size = out.tell() - start
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), size, start, 0))
    return out.getvalue()


def _plain(name: str, data: bytes) -> tuple[str, bytes, int, int, int]:
    packed = _deflate(data)
    return name, packed, zlib.crc32(data), len(data), len(packed)


def _skeleton(sheet: bytes, shared: tuple[str, bytes, int, int, int] | None) -> bytes:
    ns = "http://schemas.openxmlformats.org"
    types = (
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        + ('<Override PartName="/xl/sharedStrings.xml" '
           'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
           if shared else "")
        + "</Types>"
    )  # fmt: skip
    rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/2006/main" '
        f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets>'
        '<sheet name="Antwoorden" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    book_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/>'
        + (f'<Relationship Id="rId2" Type="{ns}/officeDocument/2006/relationships/sharedStrings" '
           'Target="sharedStrings.xml"/>' if shared else "")
        + "</Relationships>"
    )  # fmt: skip
    entries = [
        _plain("[Content_Types].xml", types.encode()),
        _plain("_rels/.rels", rels.encode()),
        _plain("xl/workbook.xml", workbook.encode()),
        _plain("xl/_rels/workbook.xml.rels", book_rels.encode()),
        _plain("xl/worksheets/sheet1.xml", sheet),
    ]
    if shared:
        entries.append(shared)
    return _zip(entries)


def _header_sheet() -> bytes:
    cells = "".join(f'<c r="{chr(65 + i)}1" t="s"><v>{i}</v></c>' for i in range(len(_COLUMNS)))
    return _SHEET.format(rows=f'<row r="1">{cells}</row>').encode()


def xlsx_with_bomb(unpacked_mb: int = 3000, *, declared_size: int | None = None) -> bytes:
    """An .xlsx whose sharedStrings.xml unpacks to about ``unpacked_mb`` MB.

    ``declared_size`` makes the zip lie about the unpacked size (both headers)."""
    head = '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    head += "".join(f"<si><t>{c}</t></si>" for c in _COLUMNS)
    tail = b"</sst>"
    block = (("<si><t>" + "A" * 1000 + "</t></si>") * 1040).encode()  # ~1 MB
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head.encode()) + c.flush(zlib.Z_FULL_FLUSH)
    segment = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    last = c.compress(tail) + c.flush()
    repeats = unpacked_mb
    packed = first + segment * repeats + last
    crc = zlib.crc32(head.encode())
    for _ in range(repeats):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head.encode()) + len(block) * repeats + len(tail)
    shared = ("xl/sharedStrings.xml", packed, crc, declared_size or size, len(packed))
    return _skeleton(_header_sheet(), shared)


def xlsx_with_far_cell(*, declare_dimension: bool = True, rows: int = 60, far_cell: bool = True) -> bytes:
    """61 rows of answers and a single cell at XFD1048576 (the last cell of a sheet)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Antwoorden"
    sheet.append(list(_COLUMNS))
    for n in range(rows):
        sheet.append(["Nulmeting 2026", "2026-03-01", "management", f"Management {n // 20 + 1}",
                      f"dra-0{n % 3 + 1}", "3"])  # fmt: skip
    if far_cell:
        sheet["XFD1048576"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    if declare_dimension:
        return buffer.getvalue()
    import re
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension[^>]*/>", b"", data)
            dst.writestr(info.filename, data)
    return out.getvalue()


def nested_json(depth: int) -> bytes:
    return ('{"format": "voordeurcheck-export", "x": ' + "[" * depth + "]" * depth + "}").encode()


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_limited(path: Path, org_slug: str, db_url: str, *, timeout: float = 120) -> Outcome:
    """``readiness import PATH --org SLUG`` in a child process with a capped address space."""
    env = {**os.environ, "DATABASE_URL": db_url, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [str(Path(sys.executable).parent / "readiness"), "import", str(path), "--org", org_slug],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=timeout, preexec_fn=_limit_memory,
    )  # fmt: skip
    return Outcome(done.returncode, done.stdout, done.stderr)


def run_python_limited(code: str, *, env: dict[str, str] | None = None, timeout: float = 120) -> Outcome:
    """``python -c CODE`` in a child process with a capped address space."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, **(env or {})}, timeout=timeout, preexec_fn=_limit_memory,
    )  # fmt: skip
    return Outcome(done.returncode, done.stdout, done.stderr)


def yaml_alias_bomb(levels: int = 9) -> str:
    """A 'billion laughs' value: ``levels`` lists of ten aliases to the list before."""
    lines = ['[&l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels + 1):
        lines.append(f", &l{n} [" + ", ".join([f"*l{n - 1}"] * 10) + "]")
    return " ".join(lines) + f", *l{levels}]"


def deeply_nested_checklist(items_yaml: str, depth: int = 1000, style: str = "block") -> str:
    """The real items.yaml with a value nested ``depth`` levels deep in its title: as
    block lists ("- - - x" on indented lines), flow lists ("[[[...]]]") or flow mappings."""
    if style == "flow":
        nested = "[" * depth + "x" + "]" * depth
    elif style == "mapping":
        nested = "{a: " * depth + "x" + "}" * depth
    else:
        nested = "\n" + "\n".join("  " * (level + 1) + "-" for level in range(depth - 1)) + "\n" + "  " * depth + "- x"
    return items_yaml.replace("title: ", "extra: " + nested + "\ntitle: ", 1)
