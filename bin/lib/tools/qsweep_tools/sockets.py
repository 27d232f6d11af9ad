"""Which TCP sockets the processes of given process groups listen on (Linux ``/proc``), to check that every server
the end-to-end test starts binds 127.0.0.1 only."""

from __future__ import annotations

import os
import socket
import struct
from pathlib import Path


def group_pids(pgids: set[int]) -> set[int]:
    pids = set()
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses: split after the last ')'.
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 2 and int(fields[2]) in pgids:
            pids.add(int(d.name))
    return pids


def _socket_inodes(pid: int) -> set[str]:
    out = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if link.startswith("socket:["):
                out.add(link[8:-1])
    except OSError:
        pass
    return out


def _decode(addr: str, v6: bool) -> str:
    raw = bytes.fromhex(addr)
    if not v6:
        return socket.inet_ntop(socket.AF_INET, struct.pack("<I", struct.unpack(">I", raw)[0]))
    words = struct.unpack(">4I", raw)
    return socket.inet_ntop(socket.AF_INET6, b"".join(struct.pack("<I", w) for w in words))


def listening(pgids: set[int]) -> list[tuple[int, str, int]]:
    """(pid, address, port) of every listening TCP socket of the processes in ``pgids``."""
    owner: dict[str, int] = {}
    for pid in group_pids(pgids):
        for inode in _socket_inodes(pid):
            owner[inode] = pid
    found = []
    for table, v6 in (("/proc/net/tcp", False), ("/proc/net/tcp6", True)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for ln in lines:
            parts = ln.split()
            local, state, inode = parts[1], parts[3], parts[9]
            if state != "0A" or inode not in owner:  # 0A = LISTEN
                continue
            host, port = local.split(":")
            found.append((owner[inode], _decode(host, v6), int(port, 16)))
    return found


def is_loopback(address: str) -> bool:
    return address in ("127.0.0.1", "::1", "::ffff:127.0.0.1") or address.startswith("127.")
