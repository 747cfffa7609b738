#!/usr/bin/env bash
# Regenerates the TLS material of the SMTP tests (fake relay in tests/support/ScriptedSmtpServer,
# aiosmtpd interop test): a test CA and a server certificate it signs, valid for about 100 years,
# SAN localhost, 127.0.0.1 and ::1. Test-only keys; never trust smtp-ca.pem anywhere else.
# The CA key is thrown away: rerun this script to change anything.
set -euo pipefail
cd "$(dirname "$0")"
DAYS=36500
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days "$DAYS" \
  -keyout "$work/ca.key" -out smtp-ca.pem -subj "/O=Postrider tests/CN=Postrider SMTP test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout smtp-server.key -out "$work/server.csr" -subj "/O=Postrider tests/CN=localhost" 2>/dev/null
cat >"$work/ext.cnf" <<'EXT'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
EXT
openssl x509 -req -in "$work/server.csr" -CA smtp-ca.pem -CAkey "$work/ca.key" -set_serial "0x$(openssl rand -hex 16)" \
  -days "$DAYS" -sha256 -extfile "$work/ext.cnf" -out smtp-server.pem 2>/dev/null
chmod 0644 smtp-server.key
openssl verify -CAfile smtp-ca.pem smtp-server.pem
