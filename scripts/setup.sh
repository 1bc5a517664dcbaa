#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian 12 machine: the Debian packages the kiosk and its tests need
# (installed only when missing, never upgraded, no daemons left running) and the virtual
# environment at .venv with the project installed. Usage: scripts/setup.sh [extra ...]
set -euo pipefail
cd "$(dirname "$0")/.."
EXTRAS="${*:-test}"

DEB_PACKAGES=(
  gcc pkg-config libpcsclite-dev libcups2-dev libsane-dev python3-venv python3-dev
  xvfb xauth x11-utils libgl1-mesa-dri libegl1 libegl-mesa0 libmtdev1 xclip fonts-wqy-microhei
  tesseract-ocr tesseract-ocr-chi-sim poppler-utils
  mosquitto mosquitto-clients
  sane-utils libsane1
  cups-ipp-utils cups-client cups dbus
  pcscd pcsc-tools vsmartcard-vpcd socat
  postgresql
  espeak-ng sox
)
if [[ " $EXTRAS " == *" bench "* ]]; then DEB_PACKAGES+=(ocrmypdf ghostscript); fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${DEB_PACKAGES[@]}"; do
  # Only for the system interpreter: skip when this python3 already has venv / its C headers
  # (pyscard, pycups and python-sane compile against them).
  if [ "$p" = python3-venv ] && python3 -c 'import venv, ensurepip' 2>/dev/null; then continue; fi
  if [ "$p" = python3-dev ] && python3 -c 'import os, sysconfig, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' 2>/dev/null; then continue; fi
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  # Keep package postinst scripts from starting system daemons (mosquitto, cups, pcscd).
  created_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod 755 /usr/sbin/policy-rc.d
    created_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO -E apt-get install -y -qq --no-install-recommends --no-upgrade "${missing[@]}"
  if [ "$created_policy" = 1 ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi
  # Stop any system daemon a package managed to start anyway; tests start their own.
  for svc in mosquitto cups pcscd; do
    $SUDO systemctl stop "$svc" 2>/dev/null || true
  done
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(cat pyproject.toml | sha256sum | cut -c1-16)-$(echo "$EXTRAS" | tr ' ' '_')
if [ ! -e "$stamp" ]; then
  echo "setup: installing the project into .venv (extras: $EXTRAS)"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  extras_csv=$(echo "$EXTRAS" | tr ' ' ',')
  .venv/bin/python -m pip install -q -e ".[${extras_csv}]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
echo "setup: ready (.venv)"
