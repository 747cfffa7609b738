#!/usr/bin/env bash
# Regenerates the SMTP listener's test PKI (run once; the outputs are committed):
#   smtp-listener-ca          test CA that signs the server and the trusted client
#   smtp-listener-server      server certificate for localhost / 127.0.0.1
#   smtp-listener-client      client certificate signed by the test CA (client-cert modes)
#   smtp-listener-rogue-ca    a second CA, and smtp-listener-rogue-client signed by it (must be refused)
# EC P-256 keys in SEC1 PEM, valid for 100 years.
set -euo pipefail
cd "$(dirname "$0")"
days=36500
key() { openssl ecparam -name prime256v1 -genkey -noout -out "$1.key"; }
ca() {
  key "$1"
  openssl req -x509 -new -key "$1.key" -sha256 -days $days -subj "/O=Postrider tests/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$1.pem"
}
leaf() { # name ca cn extensions
  key "$1"
  openssl req -new -key "$1.key" -subj "/O=Postrider tests/CN=$3" -out "$1.csr"
  printf '%s\n' "$4" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2.key" -CAcreateserial -days $days -sha256 \
    -extfile "$1.ext" -out "$1.pem"
  rm -f "$1.csr" "$1.ext" "$2.srl"
}
ca smtp-listener-ca "Postrider SMTP listener test CA"
ca smtp-listener-rogue-ca "Untrusted test CA"
leaf smtp-listener-server smtp-listener-ca localhost \
  "subjectAltName=DNS:localhost,IP:127.0.0.1
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth"
leaf smtp-listener-client smtp-listener-ca "ghost-app" \
  "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
leaf smtp-listener-rogue-client smtp-listener-rogue-ca "intruder" \
  "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
