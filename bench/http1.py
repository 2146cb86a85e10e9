"""The one HTTP/1.1 keep-alive client the benchmark and the load test share (stdlib asyncio).

A request is encoded once into bytes (so a hot loop only writes them) and a response is read with its
``Content-Length`` or chunked body; the caller says whether it needs the body.
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass, field


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""

    def encode(self, host: str) -> bytes:
        lines = [f"{self.method} {self.path} HTTP/1.1", f"Host: {host}", "Connection: keep-alive"]
        lines += [f"{name}: {value}" for name, value in self.headers.items()]
        body = self.body.encode()
        if body or self.method in ("POST", "PUT", "PATCH"):
            lines.append(f"Content-Length: {len(body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


@dataclass
class Response:
    status: int
    body: bytes
    close: bool  # the server said it closes the connection after this answer


async def read_response(reader: asyncio.StreamReader, *, keep_body: bool = True) -> Response:
    """Read one response from ``reader``; without ``keep_body`` the body is read and dropped."""
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    chunked = close = False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
        elif name == b"connection" and b"close" in value.lower():
            close = True
    parts: list[bytes] = []
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if keep_body:
                parts.append(chunk[:-2])
            if size == 0:
                break
    elif length:
        chunk = await reader.readexactly(length)
        if keep_body:
            parts.append(chunk)
    return Response(status, b"".join(parts), close)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (the value below which p% of the samples fall); NaN for no samples."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]
