#!/usr/bin/env bash
# The kiosk on simulated devices. With a display: the fullscreen kiosk. Without one: the scripted
# litigant journey rendered headless, one PNG per step, in the folder printed at the end.
# Both start an embedded court (a private Mosquitto and court-gateway on loopback, stopped with the
# kiosk) so a filing gets its receipt; KIOSK_DEMO_COURT=0 leaves it out.
set -euo pipefail
cd "$(dirname "$0")/.."
export KIVY_NO_ARGS=1 SDL_AUDIODRIVER="${SDL_AUDIODRIVER:-dummy}"
court=--demo-court
# Development only: plain MQTT to a broker on this machine (a court runs mutual TLS, see provisioning).
export KIOSK_BROKER__PLAIN_MQTT_DEV="${KIOSK_BROKER__PLAIN_MQTT_DEV:-true}"
if [ "${KIOSK_DEMO_COURT:-1}" = 0 ]; then court=""; fi
if [ -n "${DISPLAY:-}" ] && [ "${KIOSK_HEADLESS:-0}" != 1 ]; then
  exec .venv/bin/kiosk run $court "$@"
fi
out="${KIOSK_DEMO_OUT:-$PWD/demo-out}"
exec .venv/bin/kiosk demo --out "$out" $court "$@"
