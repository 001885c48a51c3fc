"""`nianbao serve`: the web interface behind waitress, a production WSGI server."""


DEFAULT_PORT = 8000  # the port scripts/demo.sh and the README open


def register(subparsers):
    p = subparsers.add_parser("serve", help="serve the search web interface")
    p.add_argument("--data", metavar="DIR", help="data folder (default: $NIANBAO_DATA, else corpus/)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default: {DEFAULT_PORT})")
    p.add_argument("--max-upload-mb", type=float, default=None, metavar="MB",
                   help="largest file /upload accepts (default: 20)")
    p.set_defaults(func=run_serve)


def run_serve(args):
    import waitress

    from search.archive import data_dir

    from .app import create_app

    config = {}
    if args.max_upload_mb is not None:
        config["MAX_CONTENT_LENGTH"] = int(args.max_upload_mb * 2**20)
    app = create_app(data_dir(args.data), **config)
    print(f"nianbao: serving {app.config['DATA_DIR']} on http://{args.host}:{args.port}/", flush=True)
    waitress.serve(app, host=args.host, port=args.port, threads=8, ident="nianbao")
    return 0
