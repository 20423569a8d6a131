"""incident-kit appendix: certificates generated here with `cryptography` -> the IRG Appendix CSV."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from incident_kit.cli import app
from incident_kit.model import APPENDIX_COLUMNS

x509 = pytest.importorskip("cryptography.x509")
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402

UTC = timezone.utc
POISON = x509.ObjectIdentifier("1.3.6.1.4.1.11129.2.4.3")
CA_KEY = ec.generate_private_key(ec.SECP256R1())
CA_NAME = x509.Name(
    [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "GB"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example PKI Operations"),
        x509.NameAttribute(NameOID.COMMON_NAME, "Example Test CA"),
    ]
)


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def make_cert(
    cn: str,
    serial: int,
    not_before: datetime,
    days: int = 90,
    names: tuple[str, ...] = (),
    precert: bool = False,
    ca: bool = False,
) -> x509.Certificate:
    """A certificate signed by the test CA (self-signed when ``ca``)."""
    key = CA_KEY if ca else ec.generate_private_key(ec.SECP256R1())
    subject = CA_NAME if ca else x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(CA_NAME)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_before + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
    if precert:
        builder = builder.add_extension(x509.PrecertPoison(), critical=True)
    return builder.sign(CA_KEY, hashes.SHA256())


def pem(*certs: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def sha(cert: x509.Certificate) -> str:
    return hashlib.sha256(der(cert)).hexdigest().upper()


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


T0 = datetime(2026, 4, 7, 8, 14, tzinfo=UTC)
SERIAL = 0x0E6B93F7A2145C8D30B1E4F69C7A2D58


@pytest.fixture
def certs(tmp_path: Path) -> dict[str, object]:
    """CA + leaf and its precertificate (PEM bundle), a DER leaf, an expired leaf."""
    ca = make_cert("", 1, T0 - timedelta(days=400), days=3650, ca=True)
    leaf = make_cert("shop.example.com", SERIAL, T0, names=("shop.example.com", "www.shop.example.com"))
    pre = make_cert("shop.example.com", SERIAL, T0, names=("shop.example.com", "www.shop.example.com"), precert=True)
    other = make_cert("api.example.com", 0x51C7, T0 + timedelta(hours=2), names=("api.example.com",))
    old = make_cert("old.example.org", 0x7B02, datetime(2025, 1, 1, tzinfo=UTC), days=30, names=("old.example.org",))
    (tmp_path / "bundle.pem").write_bytes(pem(pre, leaf))
    (tmp_path / "api.der").write_bytes(der(other))
    (tmp_path / "old.pem").write_bytes(pem(old))
    (tmp_path / "ca.pem").write_bytes(pem(ca))
    return {"ca": ca, "leaf": leaf, "pre": pre, "other": other, "old": old, "dir": tmp_path}


def test_csv_rows_columns_and_pairing(certs, tmp_path):
    out = tmp_path / "affected.csv"
    result = run(
        "appendix", "--certs", str(tmp_path / "bundle.pem"), str(tmp_path / "api.der"), str(tmp_path / "old.pem"),
        "--as-of", "2026-04-20", "-o", str(out),
    )
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(f'"{c}"' if "," in c else c for c in APPENDIX_COLUMNS)
    assert next(csv.reader(io.StringIO(text))) == list(APPENDIX_COLUMNS)
    rows = rows_of(text)
    assert len(rows) == 3  # the precertificate shares its certificate's row
    first = rows[0]
    assert first["Precertificate SHA-256 hash"] == sha(certs["pre"])
    assert first["Certificate SHA-256 hash"] == sha(certs["leaf"])
    assert first["Subject"] == "CN=shop.example.com"
    assert first["Issuer"] == "CN=Example Test CA,O=Example PKI Operations,C=GB"
    assert first["Not before"] == "2026-04-07T08:14:00Z"
    assert first["Not after"] == "2026-07-06T08:14:00Z"
    assert first["Serial # (hex)"] == "0E6B93F7A2145C8D30B1E4F69C7A2D58"
    assert first["dNSNames"] == "shop.example.com www.shop.example.com"
    assert (first["Is revoked?"], first["Revocation date"], first["Revocation reason"]) == ("Planned", "N/A", "N/A")
    assert rows[1]["Precertificate SHA-256 hash"] == ""
    assert rows[1]["Certificate SHA-256 hash"] == sha(certs["other"])  # read from DER
    assert rows[1]["Serial # (hex)"] == "51C7"
    expired = rows[2]
    assert expired["Subject"] == "CN=old.example.org"
    assert (expired["Is revoked?"], expired["Revocation date"], expired["Revocation reason"]) == ("N/A", "N/A", "N/A")
    assert "\r" not in text and text.endswith("\n")


def test_precertificate_alone_fills_only_its_column(certs, tmp_path):
    (tmp_path / "pre.pem").write_bytes(pem(certs["pre"]))
    result = run("appendix", "--certs", str(tmp_path / "pre.pem"), "--as-of", "2026-04-20")
    assert result.exit_code == 0, result.stderr
    (row,) = rows_of(result.stdout)
    assert row["Precertificate SHA-256 hash"] == sha(certs["pre"])
    assert row["Certificate SHA-256 hash"] == ""


def test_revocations_csv_by_serial_and_hash(certs, tmp_path):
    rev = tmp_path / "revoked.csv"
    rev.write_text(
        "Serial # (hex),Revocation date,Revocation reason\n"
        "0e:6b:93:f7:a2:14:5c:8d:30:b1:e4:f6:9c:7a:2d:58,2026-04-09 15:20 UTC,superseded\n",
        encoding="utf-8",
    )
    result = run("appendix", "--certs", str(tmp_path / "bundle.pem"), "--revocations", str(rev), "--as-of", "2026-04-20")
    assert result.exit_code == 0, result.stderr
    (row,) = rows_of(result.stdout)
    assert (row["Is revoked?"], row["Revocation date"], row["Revocation reason"]) == (
        "Yes", "2026-04-09T15:20:00Z", "superseded"
    )
    by_hash = tmp_path / "by-hash.csv"
    by_hash.write_text(
        f"sha256,revocation_date,revocation_reason,is_revoked\n{sha(certs['other'])},2026-05-01 12:00 UTC,keyCompromise,Delayed\n",
        encoding="utf-8",
    )
    result = run("appendix", "--certs", str(tmp_path / "api.der"), "--revocations", str(by_hash), "--as-of", "2026-04-20")
    (row,) = rows_of(result.stdout)
    assert (row["Is revoked?"], row["Revocation date"], row["Revocation reason"]) == (
        "Delayed", "2026-05-01T12:00:00Z", "keyCompromise"
    )


def test_revocation_date_after_as_of_is_planned(certs, tmp_path):
    rev = tmp_path / "revoked.csv"
    rev.write_text("serial,revocation_date,revocation_reason\n51C7,2026-04-25 09:00 UTC,superseded\n", encoding="utf-8")
    result = run("appendix", "--certs", str(tmp_path / "api.der"), "--revocations", str(rev), "--as-of", "2026-04-20")
    assert rows_of(result.stdout)[0]["Is revoked?"] == "Planned"


def test_unmatched_revocation_is_noted(certs, tmp_path):
    rev = tmp_path / "revoked.csv"
    rev.write_text("serial,revocation_date,revocation_reason\nABCD,2026-04-09 15:20 UTC,superseded\n", encoding="utf-8")
    result = run("appendix", "--certs", str(tmp_path / "api.der"), "--revocations", str(rev), "--as-of", "2026-04-20")
    assert result.exit_code == 0
    assert f"{rev}:2: note: ABCD matches none of the certificates given" in result.stderr


def test_bad_revocations_csv_is_one_line(certs, tmp_path):
    rev = tmp_path / "revoked.csv"
    rev.write_text("serial,revocation_date,revocation_reason\n51C7,2026-04-09,superseded\n", encoding="utf-8")
    result = run("appendix", "--certs", str(tmp_path / "api.der"), "--revocations", str(rev), "--as-of", "2026-04-20")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{rev}:2: revocation_date: ") and result.stderr.count("\n") == 1
    rev.write_text("name,when\nx,y\n", encoding="utf-8")
    result = run("appendix", "--certs", str(tmp_path / "api.der"), "--revocations", str(rev), "--as-of", "2026-04-20")
    assert result.exit_code == 2 and result.stderr.startswith(f"{rev}:1: the header needs")


def test_not_a_certificate_is_refused(certs, tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("this is not a certificate\n", encoding="utf-8")
    out = tmp_path / "affected.csv"
    result = run("appendix", "--certs", str(tmp_path / "api.der"), str(junk), "--as-of", "2026-04-20", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == f"{junk}: is not a certificate (no readable DER X.509 certificate in it)\n"
    assert not out.exists()
    bad_pem = tmp_path / "bad.pem"
    bad_pem.write_text("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n", encoding="utf-8")
    result = run("appendix", "--certs", str(bad_pem), "--as-of", "2026-04-20")
    assert result.exit_code == 2 and result.stderr.startswith(f"{bad_pem}: is not a certificate")
    result = run("appendix", "--certs", str(tmp_path / "missing.pem"))
    assert result.exit_code == 2 and result.stderr == f"{tmp_path / 'missing.pem'}: no such file\n"


def test_overwrite_refused_without_force(certs, tmp_path):
    out = tmp_path / "affected.csv"
    out.write_text("keep me\n", encoding="utf-8")
    args = ("appendix", "--certs", str(tmp_path / "api.der"), "--as-of", "2026-04-20", "-o", str(out))
    result = run(*args)
    assert result.exit_code == 2 and "already exists; use --force" in result.stderr
    assert out.read_text(encoding="utf-8") == "keep me\n"
    assert run(*args, "--force").exit_code == 0
    assert rows_of(out.read_text(encoding="utf-8"))[0]["Serial # (hex)"] == "51C7"


def test_needs_a_date_for_unlisted_certificates(certs, tmp_path):
    result = run("appendix", "--certs", str(tmp_path / "api.der"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tmp_path / 'api.der'}: needs a date") and "--as-of" in result.stderr


def test_ca_certificate_row_has_no_precertificate(certs, tmp_path):
    result = run("appendix", str(tmp_path / "ca.pem"), "--certs", str(tmp_path / "api.der"), "--as-of", "2026-04-20")
    rows = rows_of(result.stdout)
    assert [r["Serial # (hex)"] for r in rows] == ["51C7", "01"]
    assert rows[1]["dNSNames"] == "" and rows[1]["Precertificate SHA-256 hash"] == ""


def test_draft_timeline_contradiction_is_a_finding(certs, tmp_path, repo):
    draft = tmp_path / "full.yaml"
    draft.write_text((repo / "examples" / "profile-misissuance-full.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    ok = run("appendix", "--certs", str(tmp_path / "bundle.pem"), "--draft", str(draft))
    assert ok.exit_code == 0, ok.stderr
    assert rows_of(ok.stdout)[0]["Is revoked?"] == "Planned"  # as of the draft's bug.posted
    out = tmp_path / "a.csv"
    result = run("appendix", "--certs", str(tmp_path / "old.pem"), str(tmp_path / "bundle.pem"), "--draft", str(draft), "-o", str(out))
    assert result.exit_code == 1
    start_line = next(i for i, l in enumerate(draft.read_text().splitlines(), 1) if '2026-04-07 08:14 UTC"' in l and "at:" in l)
    assert (
        f"{draft}:{start_line}: [error] certificate 7B02 ({tmp_path / 'old.pem'}): notBefore 2025-01-01 00:00 UTC is "
        "more than 48 hours before the incident began (2026-04-07 08:14 UTC); it contradicts the timeline"
    ) in result.stderr
    assert "certificate 0E6B" not in result.stderr
    assert len(rows_of(out.read_text(encoding="utf-8"))) == 2  # the CSV is still written
    late = make_cert("late.example.com", 0x99, datetime(2026, 4, 9, tzinfo=UTC), names=("late.example.com",))
    (tmp_path / "late.pem").write_bytes(pem(late))
    result = run("appendix", "--certs", str(tmp_path / "late.pem"), "--draft", str(draft))
    assert result.exit_code == 1
    assert "notBefore 2026-04-09 00:00 UTC is after the incident ended (2026-04-08 03:25 UTC)" in result.stderr
