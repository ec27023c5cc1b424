"""Real source files for the loader tests: a hand-built PDF and a small news article page."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter

__all__ = ["ARTICLE_HTML", "HUGE_BYTES", "PNG_BYTES", "encrypt_pdf", "make_pdf"]

HUGE_BYTES = 256 * 1024
"""Size of the test server's huge bodies, well over the limit the tests set."""

# The first bytes of a real PNG file: signature, IHDR chunk (with NULs) and a tiny IDAT.
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2"
    "21bc330000000049454e44ae426082"
)

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Kazakhstan denies selling jets to the US | Steppe Monitor</title>
  <meta name="author" content="Aida Nurlanova">
  <meta property="article:published_time" content="2024-05-02T09:30:00Z">
  <meta property="og:site_name" content="Steppe Monitor">
</head>
<body>
  <header>
    <nav>
      <ul>
        <li><a href="/">Home</a></li>
        <li><a href="/world">World</a></li>
        <li><a href="/subscribe">Subscribe to our newsletter</a></li>
      </ul>
    </nav>
  </header>
  <main>
    <article>
      <h1>Kazakhstan denies selling jets to the US</h1>
      <p>Kazakhstan's state arms exporter said on Thursday that it had not sold any military
      aircraft to the United States, rejecting reports that circulated online last week.</p>
      <p>The company said that foreign firms are not allowed to take part in its auctions, and
      that the aircraft listed for sale were offered only as scrap metal to domestic buyers.</p>
      <p>Analysts said the original claim appeared to have started on a Telegram channel before
      being repeated by several websites without independent confirmation.</p>
    </article>
  </main>
  <footer>
    <p>Copyright 2024 Steppe Monitor. All rights reserved.</p>
    <a href="/privacy">Privacy policy</a>
  </footer>
</body>
</html>
"""


def _escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[str], *, title: str | None = None, author: str | None = None) -> bytes:
    """A valid PDF with one page per entry of `pages`, each line drawn in Helvetica."""
    info_fields = {"Title": title, "Author": author}
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    page_numbers = [4 + 2 * i for i in range(len(pages))]
    kids = " ".join(f"{n} 0 R" for n in page_numbers)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for number, text in zip(page_numbers, pages, strict=True):
        shown = "\n".join(f"({_escape(line)}) Tj T*" for line in text.split("\n") if line)
        stream = f"BT\n/F1 12 Tf\n14 TL\n72 720 Td\n{shown}\nET".encode("latin-1")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (number + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    entries = " ".join(f"/{k} ({_escape(v)})" for k, v in info_fields.items() if v is not None)
    objects.append(f"<< {entries} >>".encode("latin-1"))

    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (len(objects) + 1, len(objects))
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def encrypt_pdf(data: bytes, *, user_password: str) -> bytes:
    """`data` re-written encrypted (RC4, which pypdf handles without extra libraries)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
