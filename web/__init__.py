"""The ways people reach the product: the command line, the browser, the JSON API."""
