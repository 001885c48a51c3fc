"""Building blocks of tests/generate.py: random records, and the files real reports come as."""
