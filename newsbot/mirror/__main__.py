"""Serve a saved mirror directory: ``python -m newsbot.mirror DIR [--port N]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from newsbot.mirror.server import MirrorServer
from newsbot.mirror.site import MirrorSite


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbot.mirror", description=__doc__)
    parser.add_argument("directory", help="a directory written by MirrorSite.save")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    site = MirrorSite.load(args.directory)
    server = MirrorServer(site, args.host, args.port, verbose=args.verbose)
    # The URL goes first on stdout, flushed, so a parent process can read it and start crawling.
    print(server.url, flush=True)
    print(f"serving {len(site)} routes from {args.directory}; Ctrl-C stops", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
