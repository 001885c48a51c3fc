"""The second step: table rows a reader recovered → the schema's keys.

`mapping` recognises 表二/三/四 rows by their labels and aligns their values to columns;
`placement` decides where a row's values go when the source lost its cell boundaries;
`checks` holds the template's sums, which both `placement` and the record use.
"""
