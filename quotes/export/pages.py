"""What every self-contained page ``quotes`` writes shares: escaping, the hash a
Content-Security-Policy allows an inline style or script by, and the document head.

The HTML view (:mod:`quotes.export.render`), the sourcing report (:mod:`quotes.report.page`)
and the service's reading page (:mod:`quotes.serve.page`) load nothing from the network and
run no script but their own, which their policy names by its hash.
"""

from __future__ import annotations

import base64
import hashlib
import html


def escape(value: object) -> str:
    """``value`` as text safe in an element or a quoted attribute."""
    return html.escape(str(value), quote=True)


def csp_hash(source: str) -> str:
    """The ``'sha256-...'`` source expression that allows the inline style or script ``source``."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def page_head(*, title: str, policy: str, style: str, generator: str | None = None) -> str:
    """The start of a page up to and including ``</head>``: charset, policy, viewport, the
    generator when given, the escaped ``title`` and the inline ``style``."""
    named = f'<meta name="generator" content="{escape(generator)}">\n' if generator else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
{named}<title>{escape(title)}</title>
<style>{style}</style>
</head>
"""
