#!/usr/bin/env bash
# The kiosk on simulated devices. With a display: the fullscreen kiosk. Without one: the scripted
# litigant journey rendered headless, one PNG per step, in the folder printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export KIVY_NO_ARGS=1 SDL_AUDIODRIVER="${SDL_AUDIODRIVER:-dummy}"
if [ -n "${DISPLAY:-}" ] && [ "${KIOSK_HEADLESS:-0}" != 1 ]; then
  exec .venv/bin/kiosk run "$@"
fi
out="${KIOSK_DEMO_OUT:-$PWD/demo-out}"
exec .venv/bin/kiosk demo --out "$out" "$@"
