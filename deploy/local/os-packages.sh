#!/usr/bin/env bash
# The operating-system tools a command needs, installed from Debian's packages when missing.
#   deploy/local/os-packages.sh up|test|contracts|all
# up: Java 17 and Maven (Kafka's jars), Go unless a mongod is on PATH (FerretDB is built with it);
# test: the same, plus Chromium and a Japanese font (the HR pages' browser tests and screenshots) and
# openssl (the certificates of the SASL_SSL/TLS test) and strace (the store durability test counts fsyncs);
# contracts: the same as up, plus Python's venv (Schemathesis). As root it runs apt-get; otherwise it
# names the packages to install and exits 1, so no test is skipped for a tool that is missing.
set -euo pipefail
purpose="${1:-all}"

missing=()
command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null || missing+=(maven)
command -v go >/dev/null || command -v mongod >/dev/null || missing+=(golang)
if [[ "$purpose" == test || "$purpose" == all ]]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  fc-list :lang=ja 2>/dev/null | grep -q . || missing+=(fonts-ipafont-gothic)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v strace >/dev/null || missing+=(strace)
fi
if [[ "$purpose" == contracts || "$purpose" == all ]]; then
  python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
fi
((${#missing[@]})) || exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "[run] installing ${missing[*]} from Debian's packages (needed by '${purpose}')..."
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
  echo "[run] installed ${missing[*]}"
else
  echo "run: '${purpose}' needs ${missing[*]}; install them, e.g.: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
