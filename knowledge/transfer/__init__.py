"""Moving a whole scope between data directories: `factdesk export` and `factdesk import`.

`format` turns a scope's sources (with their full texts), journal and answers' feedback into
JSON lines and back, checking every line (pure); `exporter` reads them from the registry and
the usage log; `importer` checks a whole file first, then loads its sources through the normal
ingest (passages split and embedded afresh), and merges the journal and feedback once. The
`Desk` reaches them through `export_scope` and `import_scope`.
"""

from __future__ import annotations

from .exporter import export_scope, save_export, write_export
from .format import FORMAT, RECORD_TYPES, VERSION, ScopeExport, decode, encode, read_export
from .importer import ImportReport, import_scope

__all__ = [
    "FORMAT",
    "RECORD_TYPES",
    "VERSION",
    "ImportReport",
    "ScopeExport",
    "decode",
    "encode",
    "export_scope",
    "import_scope",
    "read_export",
    "save_export",
    "write_export",
]
