#!/usr/bin/env bash
# Run the whole suite (slow variants excluded unless KIOSK_SLOW=1). Exit 5 ("no tests") is a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export OMP_THREAD_LIMIT=1 SDL_AUDIODRIVER=dummy MESA_SHADER_CACHE_DISABLE=true KIVY_NO_ARGS=1
marker="not slow"
if [ "${KIOSK_SLOW:-0}" = 1 ]; then marker=""; fi
.venv/bin/python -m pytest -m "$marker" -p no:cacheprovider "$@"
rc=$?
if [ $rc -eq 5 ]; then echo "test.sh: pytest collected no tests: failing" >&2; exit 1; fi
if [ $rc -eq 0 ]; then .venv/bin/lint-imports --no-cache >/dev/null && echo "import layering: OK" || { echo "import layering broken (lint-imports)"; exit 1; }; fi
exit $rc
