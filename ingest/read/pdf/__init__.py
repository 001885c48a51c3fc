"""Born-digital PDFs: `source` (MuPDF's characters and drawings) → `geometry` (lines) →
`grid` (ruled tables) or `columns` + `labels` (tables without rules), `furniture` (running
headers and page numbers left out) → `reader` (the record)."""
