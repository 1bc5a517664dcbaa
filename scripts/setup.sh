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
  ejabberd
  espeak-ng sox
  librime1 rime-data-luna-pinyin rime-data-stroke rime-essay
  libzinnia0 tegaki-zinnia-simplified-chinese fonts-noto-cjk libfreetype6
)
if [[ " $EXTRAS " == *" bench "* ]]; then DEB_PACKAGES+=(ocrmypdf ghostscript); fi

# As root run commands as they are; otherwise through sudo, keeping DEBIAN_FRONTEND. An array, so
# that an empty prefix disappears instead of leaving a stray word (the old `$SUDO -E apt-get` ran
# `-E` as a command when SUDO was empty).
if [ "$(id -u)" -eq 0 ]; then AS_ROOT=(); else AS_ROOT=(sudo -E); fi

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
  # The policy file is removed on every exit, a failed install included: left behind it would
  # silently stop every service the machine installs later from starting.
  POLICY="${POLICY_RC_D:-/usr/sbin/policy-rc.d}"
  if [ ! -e "$POLICY" ]; then
    trap '"${AS_ROOT[@]}" rm -f "$POLICY"' EXIT
    printf '#!/bin/sh\nexit 101\n' | "${AS_ROOT[@]}" tee "$POLICY" >/dev/null
    "${AS_ROOT[@]}" chmod 755 "$POLICY"
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${AS_ROOT[@]}" apt-get update -qq
  "${AS_ROOT[@]}" apt-get install -y -qq --no-install-recommends --no-upgrade "${missing[@]}"
  # Stop any system daemon a package managed to start anyway; tests start their own.
  for svc in mosquitto cups pcscd ejabberd epmd.socket epmd; do  # epmd: Erlang's port mapper, started with ejabberd
    "${AS_ROOT[@]}" systemctl stop "$svc" 2>/dev/null || true
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
