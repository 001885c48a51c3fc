"""The pages of the web app, one blueprint a module: search (`/`, `/export.csv`), reports (`/reports/<id>`), upload."""
