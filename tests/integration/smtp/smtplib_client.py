#!/usr/bin/env python3
"""Submits one message to the SMTP listener with Python's smtplib, the way Python apps
(Authentik, Django, Mailman) do: STARTTLS verified against a CA, AUTH, SMTPUTF8 addresses,
text + HTML alternative and an attachment.

usage: smtplib_client.py PORT CAFILE USER PASSWORD MECHANISM(PLAIN|LOGIN)
Prints the server's final reply to the message on stdout."""
import smtplib
import ssl
import sys
from email.message import EmailMessage
from email.policy import SMTPUTF8


def main():
    port, cafile, user, password, mechanism = sys.argv[1:6]
    msg = EmailMessage(policy=SMTPUTF8)
    msg["From"] = "Authentik 관리자 <관리자@example.com>"
    msg["To"] = "Δοκιμή <δοκιμή@example.org>"
    msg["Subject"] = "Ihr Anmeldecode 🔑 für Authentik"
    msg["X-Authentik-Flow"] = "password-reset"
    msg.set_content("Ihr Code lautet 314159.\nGrüße, Authentik\n")
    msg.add_alternative("<p>Ihr Code lautet <b>314159</b>.</p>", subtype="html")
    msg.add_attachment(bytes(range(256)) * 4, maintype="application", subtype="octet-stream",
                       filename="recovery-codes.bin")

    context = ssl.create_default_context(cafile=cafile)
    with smtplib.SMTP("127.0.0.1", int(port), local_hostname="python.test", timeout=20) as smtp:
        smtp.starttls(context=context)
        smtp.ehlo("python.test")
        if mechanism == "LOGIN":
            smtp.user, smtp.password = user, password
            smtp.auth("LOGIN", smtp.auth_login, initial_response_ok=False)
        else:
            smtp.user, smtp.password = user, password
            smtp.auth("PLAIN", smtp.auth_plain)
        # send_message adds SMTPUTF8 itself because the addresses need it and EHLO offered it.
        refused = smtp.send_message(msg)
        if refused:
            print("refused:", refused)
            return 1
        code, text = smtp.noop()
        print("sent", code, text.decode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
