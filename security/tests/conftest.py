import datetime as dt
import ipaddress
import ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from security.tests.collector import Collector


@pytest.fixture
def collector(settings):
    """A plain TCP collector the portal forwards to."""
    receiver = Collector()
    settings.SECURITY_SOC_HOST = "127.0.0.1"
    settings.SECURITY_SOC_PORT = receiver.port
    settings.SECURITY_SOC_TLS = False
    settings.SECURITY_SOC_TIMEOUT = 5
    yield receiver
    receiver.stop()


@pytest.fixture
def certificate(tmp_path):
    """A self-signed certificate for 127.0.0.1: (cert path, key path)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test collector")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None),
                       critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "collector.pem", tmp_path / "collector.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ))
    return cert_path, key_path


@pytest.fixture
def tls_server_context(certificate):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    return context


@pytest.fixture
def tls_collector(settings, certificate, tls_server_context):
    receiver = Collector(tls=tls_server_context)
    settings.SECURITY_SOC_HOST = "127.0.0.1"
    settings.SECURITY_SOC_PORT = receiver.port
    settings.SECURITY_SOC_TLS = True
    settings.SECURITY_SOC_CA_FILE = str(certificate[0])
    settings.SECURITY_SOC_TIMEOUT = 5
    yield receiver
    receiver.stop()
