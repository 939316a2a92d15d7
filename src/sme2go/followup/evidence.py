"""Checks of an agreement's evidence file before it is stored.

A file is what its own first bytes say (its "magic number"), not what its name or the
browser's ``Content-Type`` claim: ``%PDF-`` for PDF, the PNG signature, ``FF D8 FF``
for JPEG. Its name's extension must agree with that, it must not be empty or larger than
:data:`~sme2go.followup.models.MAX_EVIDENCE_BYTES`, a PDF must end with its end-of-file
marker (a cut-off upload does not) and an image must be readable by Pillow (already
installed for WeasyPrint). Every refusal is a ``ValidationError`` on the ``file`` field
that names the file and what is wrong with it.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from sme2go.followup.models import MAX_EVIDENCE_BYTES, AgreementEvidence

PDF, PNG, JPEG = (
    AgreementEvidence.ContentType.PDF,
    AgreementEvidence.ContentType.PNG,
    AgreementEvidence.ContentType.JPEG,
)
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
)
EXTENSIONS: dict[str, str] = {".pdf": PDF, ".png": PNG, ".jpg": JPEG, ".jpeg": JPEG}
# A PDF's last "%%EOF" lies within its final bytes (after the cross-reference table).
PDF_TAIL_BYTES = 2048


@dataclass(frozen=True)
class CheckedFile:
    """An evidence file that passed: its bytes, detected type and digest."""

    name: str
    data: bytes
    content_type: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def _kind_label(content_type: str) -> str:
    return {PDF: _("a PDF document"), PNG: _("a PNG image"), JPEG: _("a JPEG image")}[content_type]


def sniff(data: bytes) -> str | None:
    """The content type the bytes begin with, or ``None`` for none of ours."""
    for signature, content_type in SIGNATURES:
        if data.startswith(signature):
            return content_type
    return None


def check_evidence_file(upload: IO[bytes], name: str) -> CheckedFile:
    """Read ``upload`` (named ``name`` by its sender) and check it is usable evidence.

    Raises ``ValidationError({"file": ...})`` naming the file: empty, over the size
    limit, not a PDF/PNG/JPEG by its content, content that contradicts the name's
    extension, a PDF without its end marker, an image Pillow cannot read.
    """
    name = PurePosixPath(name.replace("\\", "/")).name or _("(no name)")
    data = upload.read(MAX_EVIDENCE_BYTES + 1)

    def refuse(message: str, **params: object) -> ValidationError:
        return ValidationError({"file": message % {"name": name, **params}})

    if not data:
        raise refuse(_("%(name)s is empty."))
    if len(data) > MAX_EVIDENCE_BYTES:
        raise refuse(
            _("%(name)s is larger than %(limit)s; evidence files may be at most %(limit)s."),
            limit=filesizeformat(MAX_EVIDENCE_BYTES),
        )
    content_type = sniff(data)
    if content_type is None:
        raise refuse(
            _("%(name)s is not a PDF, PNG or JPEG file: its content is none of these types.")
        )
    claimed = EXTENSIONS.get(PurePosixPath(name).suffix.lower())
    if claimed is None:
        raise refuse(
            _("%(name)s has no .pdf, .png, .jpg or .jpeg extension (its content is %(kind)s)."),
            kind=_kind_label(content_type),
        )
    if claimed != content_type:
        raise refuse(
            _("%(name)s is named as %(claimed)s but its content is %(kind)s."),
            claimed=_kind_label(claimed),
            kind=_kind_label(content_type),
        )
    if content_type == PDF and b"%%EOF" not in data[-PDF_TAIL_BYTES:]:
        raise refuse(_("%(name)s starts as a PDF but is incomplete (no end-of-file marker)."))
    if content_type != PDF:
        _check_image(data, name, content_type)
    return CheckedFile(
        name=name, data=data, content_type=content_type, sha256=hashlib.sha256(data).hexdigest()
    )


def _check_image(data: bytes, name: str, content_type: str) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            {
                "file": _("%(name)s starts as %(kind)s but cannot be read as one.")
                % {"name": name, "kind": _kind_label(content_type)}
            }
        ) from None
