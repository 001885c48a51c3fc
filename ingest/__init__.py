"""Turn a report file (text, PDF) into the canonical record of SCHEMA.md."""
