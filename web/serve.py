"""`nianbao serve`: the web interface behind waitress, a production WSGI server."""
import argparse

DEFAULT_PORT = 8000  # the port scripts/demo.sh and the README open


def run_serve(args: argparse.Namespace) -> int:
    """Serve the data folder's archive until interrupted."""
    import waitress

    from search.archive import data_dir
    from search.backends import display

    from .app import create_app

    config = {}
    if args.max_upload_mb is not None:
        config["MAX_CONTENT_LENGTH"] = int(args.max_upload_mb * 2**20)
    app = create_app(data_dir(args.data), **config)
    print(f"nianbao: serving {display(app.config['DATA_DIR'])} on http://{args.host}:{args.port}/", flush=True)
    waitress.serve(app, host=args.host, port=args.port, threads=8, ident="nianbao")
    return 0
