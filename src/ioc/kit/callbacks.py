"""POST to a callback URL an outside party gave: checked after DNS, pinned to the checked address, bounded in time.

The connection goes to the address that was checked (the Host header and TLS server name stay the
URL's), so a name cannot resolve to a public address for the check and an inside one for the call.
Redirects are not followed, proxies from the environment are not used, the answer's body is not read,
and the whole call (connect, send, wait, headers) ends after `timeout` seconds.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ssl
from functools import cache

import httpx

from ioc.kit import urlpolicy
from ioc.kit.outbox import DELIVERY_HEADER, Undeliverable

CONNECT_TIMEOUT_SECONDS = 3.0
SIGNATURE_HEADER = "X-IOC-Signature"


def signature(secret: str, body: bytes) -> str:
    """HMAC-SHA256 of the body as `sha256=<hex>`, so the receiver can tell the call came from this IOC."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_signed(
    url: str, body: bytes, *, delivery_id: str, signed: str, allow: urlpolicy.Allowlist, timeout: float
) -> None:
    """POST a signed JSON body for an outbox delivery; a refused URL is Undeliverable, anything else retries."""
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        DELIVERY_HEADER: delivery_id,
        SIGNATURE_HEADER: signed,
    }
    try:
        post(url, content=body, headers=headers, allow=allow, timeout=timeout)
    except urlpolicy.Refused as exc:
        raise Undeliverable(f"{url} refused: {exc}") from None


@cache
def _tls() -> ssl.SSLContext:
    # Loading the CA bundle takes tens of milliseconds: once per process, shared by every call.
    return httpx.create_ssl_context()


def post(url: str, *, content: bytes, headers: dict[str, str], allow: urlpolicy.Allowlist, timeout: float) -> int:
    """POST once and return the status; raises Refused, a connection error, TimeoutError or on a non-2xx answer."""
    _, addresses = urlpolicy.resolve(url, allow)
    return asyncio.run(_post_within(httpx.URL(url), addresses, content, headers, timeout))


async def _post_within(url: httpx.URL, addresses: list, content: bytes, headers: dict[str, str], timeout: float) -> int:
    try:
        async with asyncio.timeout(timeout):
            return await _post_pinned(url, addresses, content, headers, timeout)
    except TimeoutError:
        raise TimeoutError(f"{url.host} did not answer within {timeout:g} s") from None


async def _post_pinned(url: httpx.URL, addresses: list, content: bytes, headers: dict[str, str], timeout: float) -> int:
    host_header = url.netloc.decode("ascii")
    extensions = {"sni_hostname": url.host} if url.scheme == "https" else {}
    limits = httpx.Timeout(timeout, connect=min(CONNECT_TIMEOUT_SECONDS, timeout))
    async with httpx.AsyncClient(trust_env=False, follow_redirects=False, timeout=limits, verify=_tls()) as client:
        for number, ip in enumerate(addresses):
            request = client.build_request(
                "POST",
                url.copy_with(host=str(ip)),
                content=content,
                headers={**headers, "Host": host_header},
                extensions=extensions,
            )
            try:
                response = await client.send(request, stream=True)
            except httpx.ConnectError:
                if number == len(addresses) - 1:
                    raise
                continue  # the next address of the name
            await response.aclose()  # the body is not needed: never read what a receiver sends back
            response.raise_for_status()
            return response.status_code
    raise ConnectionError(f"{url.host} has no address")
