"""A syslog collector for tests: RFC 6587 octet-counted frames over TCP/TLS.

It listens on 127.0.0.1, parses every frame it reads, and can be told to die
abruptly (connections reset, listener closed) after a number of messages, as
a collector that crashes mid-burst would.
"""

import re
import socket
import ssl
import struct
import threading

HEADER = re.compile(
    rb"^<(?P<pri>\d{1,3})>1 (?P<time>\S+) (?P<host>\S+) (?P<app>\S+) (?P<proc>\S+) "
    rb"(?P<msgid>\S+) (?P<rest>.*)$", re.S
)
EVENT_ID = re.compile(rb'eventId="([0-9a-f-]{36})"')


class Collector:
    def __init__(self, *, port: int = 0, tls: ssl.SSLContext | None = None,
                 die_after: int | None = None) -> None:
        self.tls = tls
        self.die_after = die_after
        self.messages: list[bytes] = []
        self.lock = threading.Lock()
        self._connections: list[socket.socket] = []
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", port))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self.alive = True
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def event_ids(self) -> list[str]:
        with self.lock:
            return [m.decode() for msg in self.messages for m in EVENT_ID.findall(
                msg.split(b"] ", 1)[0])]

    def stop(self) -> None:
        """Die abruptly: reset every open connection and stop listening."""
        self.alive = False
        try:
            self._listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._listener.close()
        with self.lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                      struct.pack("ii", 1, 0))
                connection.close()
            except OSError:
                pass

    def _accept(self) -> None:
        while self.alive:
            try:
                connection, _address = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(connection,),
                             daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        try:
            if self.tls is not None:
                connection = self.tls.wrap_socket(connection, server_side=True)
            with self.lock:
                self._connections.append(connection)
            self._read_frames(connection)
        except OSError:
            return
        finally:
            try:
                connection.close()
            except OSError:
                pass

    def _read_frames(self, connection: socket.socket) -> None:
        buffer = b""
        while self.alive:
            chunk = connection.recv(65536)
            if not chunk:
                return  # the sender half-closed: everything was read
            buffer += chunk
            while True:
                length, sep, rest = buffer.partition(b" ")
                if not sep or len(rest) < int(length):
                    break
                message, buffer = rest[: int(length)], rest[int(length):]
                self._store(message)
                if not self.alive:
                    return

    def _store(self, message: bytes) -> None:
        with self.lock:
            if not self.alive:
                return
            self.messages.append(message)
            dying = self.die_after is not None and len(self.messages) >= self.die_after
        if dying:
            # Whatever else this connection carried is lost with the process;
            # the reset tells the sender so.
            self.stop()
