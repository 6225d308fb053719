"""The callback URL policy: public addresses pass, inside ones only when an admin allows them."""

from __future__ import annotations

import pytest

from ioc.kit import urlpolicy
from ioc.kit.urlpolicy import Allowlist, Refused

ALLOW = Allowlist.parse(" 10.20.0.0/16, hooks.so-xd.internal., [fd00::1], ")


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.example.vn/x",
        "http://8.8.8.8:8080/in",
        "http://[2001:4860::8888]/",
        "HTTPS://Hooks.Example.VN/ioc?a=1#f",
    ],
)
def test_public_destinations_pass(url):
    urlpolicy.check_url(url, urlpolicy.PUBLIC_ONLY)


@pytest.mark.parametrize(
    "url",
    ["http://10.20.3.4/x", "http://hooks.so-xd.internal/x", "http://HOOKS.so-xd.internal./", "http://[fd00::1]:9/x"],
)
def test_what_the_admin_allows_passes(url):
    urlpolicy.check_url(url, ALLOW)


@pytest.mark.parametrize(
    "url, allowed",
    [
        ("http://10.21.3.4/x", "10.20.0.0/16"),
        ("http://[fd00::2]:9/x", "fd00::1"),
        ("http://10.20.3.4/x", ""),
        ("http://127.0.0.1/x", "localhost"),
    ],
)
def test_inside_addresses_the_admin_did_not_allow_are_refused(url, allowed):
    with pytest.raises(Refused, match="not a public address"):
        urlpolicy.check_url(url, Allowlist.parse(allowed))


@pytest.mark.parametrize(
    "url",
    [
        "http://[64:ff9b::a00:1]/",
        "http://[::127.0.0.1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://[ff02::1]/",
        "http://255.255.255.255/",
        "http://198.18.0.1/",
        "http://192.0.2.1/",
        "http://[2001:db8::1]/",
        "http://ip6-localhost/",
    ],
)
def test_inside_addresses_in_any_spelling_are_refused(url):
    with pytest.raises(Refused):
        urlpolicy.check_url(url, ALLOW)


def test_allowlist_reads_hosts_addresses_and_networks():
    assert ALLOW.hosts == frozenset({"hooks.so-xd.internal"})
    assert [str(n) for n in ALLOW.networks] == ["10.20.0.0/16", "fd00::1/128"]
    assert Allowlist.parse("") == urlpolicy.PUBLIC_ONLY
