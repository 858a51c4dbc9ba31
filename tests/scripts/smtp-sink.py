#!/usr/bin/env python3
"""A mail server for test scripts: accepts every message on 127.0.0.1:PORT and writes each one to a
file in FOLDER (1.eml, 2.eml, ...). Plain SMTP, no TLS, no sign-in: the site's Email:Security=None.
The standard library's smtpd is gone from Python 3.12, and aiosmtpd is not installed here.

    python3 tests/scripts/smtp-sink.py PORT FOLDER
"""
import asyncio
import os
import sys


async def session(reader, writer, folder):
    def say(line):
        writer.write((line + "\r\n").encode())

    say("220 localhost smtp-sink ready")
    data = None
    while True:
        raw = await reader.readline()
        if not raw:
            break
        if data is not None:
            if raw in (b".\r\n", b".\n"):
                count = len([n for n in os.listdir(folder) if n.endswith(".eml")]) + 1
                path = os.path.join(folder, f"{count}.eml")
                with open(path + ".part", "wb") as f:
                    f.write(b"".join(data))
                os.replace(path + ".part", path)
                data = None
                say("250 2.0.0 stored")
            else:
                data.append(raw[1:] if raw.startswith(b"..") else raw)
            continue
        verb = raw.decode(errors="replace").strip().split(" ")[0].upper()
        if verb == "EHLO":
            say("250-localhost")
            say("250-8BITMIME")
            say("250 SMTPUTF8")
        elif verb in ("HELO", "MAIL", "RCPT", "RSET", "NOOP"):
            say("250 2.0.0 ok")
        elif verb == "DATA":
            data = []
            say("354 end with <CRLF>.<CRLF>")
        elif verb == "QUIT":
            say("221 2.0.0 bye")
            await writer.drain()
            break
        else:
            say("502 5.5.2 not implemented")
        await writer.drain()
    writer.close()


async def main(port, folder):
    os.makedirs(folder, exist_ok=True)
    server = await asyncio.start_server(lambda r, w: session(r, w, folder), "127.0.0.1", port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
