#!/usr/bin/env python3
"""A real SMTP server for tst_smtprelayinterop: Debian's python3-aiosmtpd on 127.0.0.1, port 0.

Prints "PORT <n>" once listening, then one JSON object per line for every message accepted
(envelope, MAIL parameters, TLS and AUTH state, the content in base64). Exits when its standard
input closes, so it never outlives the test that started it.
"""
import argparse
import asyncio
import base64
import json
import ssl
import sys
import threading

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Recorder:
    async def handle_DATA(self, server, session, envelope):
        print(json.dumps({
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "mail_options": envelope.mail_options,
            # session.ssl covers STARTTLS only; implicit TLS shows on the transport.
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "authenticated": bool(session.authenticated),
            "data": base64.b64encode(envelope.original_content or envelope.content).decode(),
        }), flush=True)
        return "250 2.0.0 Ok: queued as AIOSMTPD1"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--tls", choices=["none", "starttls", "implicit"], default="none")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--exclude-auth", action="append", default=[])
    args = p.parse_args()

    context = None
    if args.tls != "none":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and args.user is not None
              and auth_data.login.decode() == args.user and auth_data.password.decode() == args.password)
        # handled=False: let aiosmtpd send the 535 itself.
        return AuthResult(success=ok, handled=False)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def factory():
        return SMTP(Recorder(), hostname="aiosmtpd.test", enable_SMTPUTF8=True, loop=loop,
                    tls_context=context if args.tls == "starttls" else None,
                    require_starttls=args.tls == "starttls",
                    # aiosmtpd only counts STARTTLS as TLS; implicit TLS is encrypted from the start.
                    auth_require_tls=args.tls == "starttls",
                    authenticator=authenticator if args.user else None,
                    auth_exclude_mechanism=args.exclude_auth)

    server = loop.run_until_complete(loop.create_server(
        factory, "127.0.0.1", 0, ssl=context if args.tls == "implicit" else None))
    print("PORT", server.sockets[0].getsockname()[1], flush=True)

    def wait_for_stdin_eof():
        sys.stdin.read()
        loop.call_soon_threadsafe(loop.stop)

    threading.Thread(target=wait_for_stdin_eof, daemon=True).start()
    loop.run_forever()
    server.close()


if __name__ == "__main__":
    main()
