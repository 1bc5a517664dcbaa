#!/usr/bin/env bash
# Run every benchmark in bench/ (each prints its figures next to a named peer or limit and the ratio).
set -uo pipefail
cd "$(dirname "$0")/.."
export OMP_THREAD_LIMIT=1 SDL_AUDIODRIVER=dummy KIVY_NO_ARGS=1
status=0
for b in bench/*.py; do
  [ "$(basename "$b")" = "__init__.py" ] && continue
  echo "== $b"
  .venv/bin/python "$b" || status=1
done
exit $status
