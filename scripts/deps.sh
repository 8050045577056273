#!/usr/bin/env bash
# Install what charter needs on Debian 12 (as root, or with sudo): the
# build tools, the three libraries, and git/ssh-keygen/python3 for tests.
set -euo pipefail
packages=(cmake gcc make pkg-config libgit2-dev libcmark-dev libsodium-dev libzip-dev git openssh-client python3 "$@")
missing=()
for p in "${packages[@]}"; do
	dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
	SUDO=
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO apt-get update
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "${missing[@]}"
fi
