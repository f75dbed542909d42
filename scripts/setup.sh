#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine with Node 20 for PandaProctor: the OpenCV packages the
# proctor needs (skipped with a note when neither root nor sudo is available), then `npm ci`, which
# compiles the TypeScript and builds the OpenCV binding against the system library.
set -euo pipefail
cd "$(dirname "$0")/.."
pkgs=(libopencv-dev opencv-data g++ make python3)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else sudo="none"; fi
  if [ "$sudo" = none ]; then
    echo "setup: cannot install ${missing[*]} (not root, no sudo); the proctor will report itself unavailable." >&2
  else
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
  fi
fi
export OPENCV4NODEJS_DISABLE_AUTOBUILD=1 JOBS=max
echo "setup: npm ci (building the OpenCV binding takes about 3 minutes on 2 cores)"
npm ci --no-audit --no-fund
echo "setup: done. Start the demo with: npm start"
