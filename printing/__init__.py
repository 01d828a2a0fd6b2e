"""Printing: plain data to PDF bytes with reportlab (no Qt, no models, no database).

- :mod:`printing.fonts` — Chinese fonts per role (Windows 公文 fonts or the bundled Noto
  fonts), embedded subsets, per-character fallback.
- :mod:`printing.cjk` — ``GridParagraph``: Chinese text on a character grid with
  line-breaking rules (禁则) and justification.
- :mod:`printing.layout` — GB/T 9704-2012 notices: title, number, body, tables,
  signature, page numbers, verification footer; ``render_document``.
- :mod:`printing.lists` — long lists with "第 X 页 共 Y 页": ``render_list``.
"""
