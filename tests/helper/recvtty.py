#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Console-socket receiver for terminal tests (runc's --console-socket
protocol, like runc's tests/helper/recvtty but standard library only).

    recvtty.py SOCKET OUTPUT [INPUT]

Listens on the unix stream socket SOCKET, accepts one connection, receives
one message carrying the pty master as SCM_RIGHTS, writes what it got to
OUTPUT.meta as JSON ({"fds": count, "name": message payload, "isatty":
bool, "mode": "c"/...}), writes INPUT (if given; "\\n" escapes allowed) to
the master, then copies everything read from the master to OUTPUT until
the last slave closes (EIO) or 60 s pass. Exits 0 if exactly one fd came.
"""
import array
import json
import os
import signal
import socket
import stat
import sys


def main():
    path, out = sys.argv[1], sys.argv[2]
    inp = sys.argv[3].encode().decode("unicode_escape") if len(sys.argv) > 3 else None
    signal.alarm(int(os.environ.get("RECVTTY_TIMEOUT", "60")))
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(1)
    conn, _ = srv.accept()
    fds = []
    msg, anc, _, _ = conn.recvmsg(4096, socket.CMSG_SPACE(16 * 4))
    for level, typ, data in anc:
        if level == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS:
            a = array.array("i")
            a.frombytes(data[: len(data) - len(data) % a.itemsize])
            fds.extend(a)
    conn.close()
    srv.close()
    meta = {"fds": len(fds), "name": msg.decode(errors="replace")}
    if fds:
        st = os.fstat(fds[0])
        meta["isatty"] = os.isatty(fds[0])
        meta["mode"] = "c" if stat.S_ISCHR(st.st_mode) else "other"
        meta["rdev_major"] = os.major(st.st_rdev)
    with open(out + ".meta", "w") as f:
        json.dump(meta, f)
    if len(fds) != 1:
        return 1
    master = fds[0]
    if inp:
        os.write(master, inp.encode())
    with open(out, "wb") as f:
        while True:
            try:
                d = os.read(master, 4096)
            except OSError:
                break
            if not d:
                break
            f.write(d)
            f.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
