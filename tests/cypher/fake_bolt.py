"""A Bolt 4.4 server that only says no: the real `neo4j` driver meets a wrong password or a
missing database, so `kg load neo4j`'s error lines are tested without a Neo4j install.

It speaks just enough of the protocol (handshake, chunked PackStream messages) to answer
HELLO with FAILURE (policy "auth") or HELLO with SUCCESS and RUN/BEGIN with
DatabaseNotFound (policy "nodb"). It stores nothing and runs no Cypher.
"""

from __future__ import annotations

import socket
import struct
import threading

HELLO, GOODBYE, RESET, RUN, BEGIN = 0x01, 0x02, 0x0F, 0x10, 0x11
SUCCESS, IGNORED, FAILURE = 0x70, 0x7E, 0x7F


def _string(text: str) -> bytes:
    data = text.encode("utf-8")
    if len(data) < 16:
        return bytes([0x80 + len(data)]) + data
    return b"\xd1" + struct.pack(">H", len(data)) + data


def _map(values: dict[str, str]) -> bytes:
    return bytes([0xA0 + len(values)]) + b"".join(_string(k) + _string(v) for k, v in values.items())


def _message(signature: int, fields: dict[str, str] | None = None) -> bytes:
    body = bytes([0xB1 if fields is not None else 0xB0, signature]) + (
        _map(fields) if fields is not None else b""
    )
    return struct.pack(">H", len(body)) + body + b"\x00\x00"


def _read_exact(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError
        data += chunk
    return data


def _read_message(conn: socket.socket) -> int:
    body = b""
    while True:
        (size,) = struct.unpack(">H", _read_exact(conn, 2))
        if size == 0:
            break
        body += _read_exact(conn, size)
    return body[1]  # the struct's signature byte


class FakeBolt:
    """`with FakeBolt("auth") as uri:` — a bolt:// URI on localhost that refuses as told."""

    def __init__(self, policy: str) -> None:
        self.policy = policy
        self._server = socket.socket()
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(8)
        self._server.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> str:
        self._thread.start()
        return f"bolt://127.0.0.1:{self._server.getsockname()[1]}"

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._server.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            with conn:
                try:
                    self._talk(conn)
                except (ConnectionError, OSError):
                    pass

    def _talk(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        _read_exact(conn, 20)  # magic + four version proposals
        conn.sendall(b"\x00\x00\x04\x04")  # Bolt 4.4
        failed = False
        while True:
            signature = _read_message(conn)
            if signature == GOODBYE:
                return
            if signature == HELLO and self.policy == "auth":
                conn.sendall(
                    _message(
                        FAILURE,
                        {
                            "code": "Neo.ClientError.Security.Unauthorized",
                            "message": "The client is unauthorized due to authentication failure.",
                        },
                    )
                )
                return
            if signature == HELLO:
                conn.sendall(_message(SUCCESS, {"server": "Neo4j/5.20.0", "connection_id": "bolt-1"}))
            elif signature == RESET:
                failed = False
                conn.sendall(_message(SUCCESS, {}))
            elif signature in (RUN, BEGIN) and not failed:
                failed = True
                conn.sendall(
                    _message(
                        FAILURE,
                        {
                            "code": "Neo.ClientError.Database.DatabaseNotFound",
                            "message": "Database does not exist. Database name: 'nope'.",
                        },
                    )
                )
            else:
                conn.sendall(_message(IGNORED))
