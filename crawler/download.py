"""One streamed GET with a hard size cap, decoding Content-Encoding ourselves (bomb-safe)."""

from __future__ import annotations

import asyncio
import time
import zlib
from dataclasses import dataclass, field

import httpx

# We decode bodies ourselves, so only offer what we can decode with a bounded output.
ACCEPT_ENCODING = "gzip, deflate"


class UnsupportedEncoding(Exception):
    """Server used a Content-Encoding we did not offer and cannot decode."""


@dataclass
class RawResponse:
    """Status, headers and (capped) decoded body of a single request; redirects not followed."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes | None
    too_large: bool = False
    elapsed_ms: int = 0
    declared_length: int | None = None
    notes: list[str] = field(default_factory=list)


class _Inflate:
    """zlib/gzip decoder whose output per call never exceeds the caller's budget (+1 byte)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.first = True
        self.d = self._new()

    def _new(self, raw: bool = False):
        if raw:
            return zlib.decompressobj(-zlib.MAX_WBITS)
        return zlib.decompressobj(zlib.MAX_WBITS | 16 if self.kind == "gzip" else zlib.MAX_WBITS)

    def feed(self, data: bytes, budget: int) -> bytes:
        out: list[bytes] = []
        total = 0
        buf = data
        while buf and total <= budget:
            try:
                chunk = self.d.decompress(buf, budget - total + 1)
            except zlib.error:
                # Many servers send raw deflate under "deflate" (as httpx also tolerates).
                if self.kind == "deflate" and self.first:
                    self.first = False
                    self.d = self._new(raw=True)
                    continue
                raise
            self.first = False
            out.append(chunk)
            total += len(chunk)
            buf = self.d.unconsumed_tail
            if not buf and self.d.eof and self.d.unused_data:
                # Concatenated gzip members.
                buf = self.d.unused_data
                self.d = self._new()
        return b"".join(out)


def _decoders(content_encoding: str | None) -> list[_Inflate]:
    codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
    decoders = []
    # Codings are listed in the order applied, so undo them in reverse.
    for coding in reversed(codings):
        if coding in ("identity", "none"):
            continue
        if coding in ("gzip", "x-gzip"):
            decoders.append(_Inflate("gzip"))
        elif coding == "deflate":
            decoders.append(_Inflate("deflate"))
        else:
            raise UnsupportedEncoding(f"unsupported Content-Encoding: {coding}")
    return decoders


def _headers(response: httpx.Response) -> dict[str, str]:
    merged: dict[str, str] = {}
    for key, value in response.headers.multi_items():
        key = key.lower()
        merged[key] = f"{merged[key]}, {value}" if key in merged else value
    return merged


async def get_once(
    client: httpx.AsyncClient,
    url: str,
    *,
    max_bytes: int,
    total_timeout: float,
    read_body: bool = True,
) -> RawResponse:
    """GET url without following redirects; stop reading once the decoded body passes max_bytes."""
    started = time.monotonic()
    try:
        async with asyncio.timeout(total_timeout):
            async with client.stream("GET", url) as response:
                headers = _headers(response)
                result = RawResponse(url=str(response.url), status=response.status_code, headers=headers, body=None)
                try:
                    result.declared_length = int(headers.get("content-length", ""))
                except ValueError:
                    pass
                is_redirect = 300 <= response.status_code < 400 and "location" in headers
                if not read_body or is_redirect:
                    pass
                elif result.declared_length is not None and result.declared_length > max_bytes:
                    # Abort before reading anything (Scrapy #1616): the size is known to be too big.
                    result.too_large = True
                else:
                    result.body, result.too_large = await _read_capped(response, headers, max_bytes)
                result.elapsed_ms = int((time.monotonic() - started) * 1000)
                return result
    except TimeoutError:
        raise httpx.ReadTimeout(f"total fetch time exceeded {total_timeout:g} s") from None


async def _read_capped(response: httpx.Response, headers: dict[str, str], max_bytes: int) -> tuple[bytes | None, bool]:
    decoders = _decoders(headers.get("content-encoding"))
    parts: list[bytes] = []
    size = 0
    # aiter_raw: httpx's own decoder would inflate a whole network chunk at once (~1000x).
    async for raw in response.aiter_raw():
        data = raw
        for dec in decoders:
            data = dec.feed(data, max_bytes - size)
        size += len(data)
        if size > max_bytes:
            return None, True
        if data:
            parts.append(data)
    return b"".join(parts), False
