"""Which callback URLs given by outside parties the server may call (its SSRF policy).

A URL is checked twice: when it is given (its form, and a literal address or a `localhost` name) and
again before every call, on the addresses its name resolves to then (a name may be re-pointed at an
inside address later: DNS rebinding). Only public unicast addresses pass, unless an admin allows a
host, an address or a network (`Allowlist`).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

MAX_URL_LENGTH = 500  # the column that keeps a follower's webhook URL
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")
# What inet_aton reads as an IPv4 address besides dotted decimal: 2130706433, 0177.0.0.1, 0x7f.1.
_NUMERIC_HOST = re.compile(r"^(0x[0-9a-f]*|[0-9]+)(\.(0x[0-9a-f]*|[0-9]+)){0,3}\.?$")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class Refused(ValueError):
    """A URL the server will not call; the message says why (in English, for the field's error)."""


@dataclass(frozen=True)
class Allowlist:
    """Hosts and networks an admin lets callbacks reach even though they are not public."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Allowlist:
        """A comma list of host names, addresses and CIDR networks (`hooks.so-xd.internal, 10.20.0.0/16`)."""
        hosts, networks = set(), []
        for item in (i.strip().lower() for i in text.split(",")):
            if not item:
                continue
            try:
                networks.append(ipaddress.ip_network(item.strip("[]"), strict=False))
            except ValueError:
                hosts.add(item.rstrip("."))
        return cls(frozenset(hosts), tuple(networks))

    def allows_host(self, host: str) -> bool:
        """True if an admin named this host."""
        return host.lower().rstrip(".") in self.hosts

    def allows_address(self, ip: IPAddress) -> bool:
        """True if the address lies in a network an admin allowed."""
        return any(ip.version == net.version and ip in net for net in self.networks)


PUBLIC_ONLY = Allowlist()


def _embedded_v4(ip: IPAddress) -> IPAddress:
    # ::ffff:127.0.0.1, 2002:7f00:1:: (6to4), 64:ff9b::a00:1 (NAT64) and ::127.0.0.1 reach an IPv4
    # host: judge that host.
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour
        if inner is None and (ip in _NAT64 or (int(ip) >> 32 == 0 and int(ip) > 1)):
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is not None:
            return inner
    return ip


def is_public(ip: IPAddress) -> bool:
    """True for a global unicast address: not loopback, private, link-local, multicast, reserved or unspecified."""
    ip = _embedded_v4(ip)
    return ip.is_global and not (
        ip.is_multicast or ip.is_reserved or ip.is_unspecified or ip.is_loopback or ip.is_link_local or ip.is_private
    )


def check_address(ip: IPAddress, allow: Allowlist, host: str) -> None:
    """Refuse an address that is not public, unless the admin allowed it or its host."""
    if not (is_public(ip) or allow.allows_address(ip) or allow.allows_host(host)):
        what = f"{host} is" if host.strip("[]") == str(ip) else f"{host} points to {ip},"
        raise Refused(f"{what} not a public address; only public addresses may be called back")


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    if _NUMERIC_HOST.match(host):
        try:
            packed = socket.inet_aton(host)
        except OSError:
            raise Refused(f"{host} is not a valid address") from None
        raise Refused(f"write the address {ipaddress.IPv4Address(packed)} in dotted decimal form")
    return None


def check_form(url: str) -> SplitResult:
    """The URL split, if it is one the server could call: http(s), a host, no credentials, not too long."""
    if len(url) > MAX_URL_LENGTH:
        raise Refused(f"at most {MAX_URL_LENGTH} characters")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise Refused("must not contain spaces or control characters")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises on a bad port)
    except ValueError as exc:
        raise Refused(f"not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise Refused("only http:// and https:// URLs")
    if "@" in parts.netloc:
        raise Refused("must not contain a user name or password")
    if not parts.hostname:
        raise Refused("must name a host")
    return parts


def check_url(url: str, allow: Allowlist) -> SplitResult:
    """Check a URL when it is given: its form, and its host if that is an address or a local name."""
    parts = check_form(url)
    host = parts.hostname or ""
    if allow.allows_host(host):
        return parts
    ip = _literal(host)
    if ip is not None:
        check_address(ip, allow, host)
    elif host.rstrip(".") in _LOCAL_NAMES or host.rstrip(".").endswith(".localhost"):
        raise Refused(f"{host} is this machine; only public addresses may be called back")
    return parts


def resolve(url: str, allow: Allowlist) -> tuple[SplitResult, list[IPAddress]]:
    """Check a URL before calling it: every address its host resolves to now must pass."""
    parts = check_url(url, allow)
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ConnectionError(f"cannot resolve {parts.hostname}: {exc}") from None
    addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))
    for ip in addresses:
        check_address(ip, allow, parts.hostname or "")
    return parts, addresses
