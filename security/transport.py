"""Delivery of framed syslog messages to the SOC collector over TCP or TLS.

TCP accepts bytes into the kernel long before the collector has read them,
so a collector that dies mid-batch would silently lose what was "sent". A
batch therefore ends with a half-close: the portal stops writing and waits
for the collector to close in turn, which it does only after reading
everything. A reset or a timeout instead means the whole batch is sent
again; the event ids let the SOC drop the copies (at least once, Rules 4.7).
"""

import fcntl
import os
import socket
import ssl
import struct
import termios
import time
from collections.abc import Sequence

from security import conf


class DeliveryFailed(Exception):
    """The collector did not confirm the batch; send it again later."""


def send_batch(frames: Sequence[bytes]) -> None:
    """Send FRAMES over one connection; raise DeliveryFailed unless confirmed."""
    host, port = conf.soc_host(), conf.soc_port()
    timeout = conf.soc_timeout()
    try:
        with _connect(host, port, timeout) as connection:
            for framed in frames:
                connection.sendall(framed)
            _confirm(connection)
    except (OSError, ssl.SSLError) as error:
        raise DeliveryFailed(f"{host}:{port}: {error}") from error


def _connect(host: str, port: int, timeout: float) -> socket.socket:
    raw = socket.create_connection((host, port), timeout=timeout)
    if not conf.soc_tls():
        return raw
    try:
        return _tls_context().wrap_socket(raw, server_hostname=host)
    except BaseException:
        raw.close()
        raise


def _tls_context() -> ssl.SSLContext:
    # RFC 5425: the collector is authenticated by its certificate; the
    # portal shows its own when the SOC asks for mutual authentication.
    context = ssl.create_default_context(cafile=conf.soc_ca_file() or None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    cert, key = conf.soc_client_cert()
    if cert:
        context.load_cert_chain(cert, key or None)
    return context


def _confirm(connection: socket.socket) -> None:
    connection.shutdown(socket.SHUT_WR)
    while connection.recv(4096):
        # The collector sends nothing back in syslog; whatever arrives (a TLS
        # close alert) is read and ignored until it closes the connection.
        pass
    # Its close may have crossed the last bytes on the wire: those then were
    # never read and are answered with a reset. The batch counts only when
    # every byte was acknowledged and no reset came.
    deadline = time.monotonic() + conf.soc_timeout()
    while _unacknowledged(connection) > 0:
        if time.monotonic() > deadline:
            raise DeliveryFailed("the collector did not acknowledge every byte")
        time.sleep(0.005)
    error = connection.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    if error:
        raise OSError(error, os.strerror(error))


def _unacknowledged(connection: socket.socket) -> int:
    """Bytes still in the send queue (Linux SIOCOUTQ); 0 where unknown."""
    request = getattr(termios, "TIOCOUTQ", None)
    if request is None:
        return 0
    answer = fcntl.ioctl(connection.fileno(), request, struct.pack("i", 0))
    return int(struct.unpack("i", answer)[0])
