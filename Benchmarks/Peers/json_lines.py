"""Reading the JSON-lines output of `bench` and the peer scripts (standard library only)."""

import json
import sys


def load(path, exit_code=1):
    """The JSON objects of the lines of `path` that start with "{" (others, and unparsable lines,
    are skipped). An unreadable file prints a one-line error and exits with `exit_code`."""
    out = []
    try:
        with open(path) as fh:
            for line in fh:
                line = line.strip()
                if line.startswith("{"):
                    try:
                        out.append(json.loads(line))
                    except json.JSONDecodeError:
                        pass
    except OSError as e:
        print(f"cannot read {path}: {e}", file=sys.stderr)
        sys.exit(exit_code)
    return out
