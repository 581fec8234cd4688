"""A small, fast HTTP/1.1 server on asyncio streams, with the body formats the Bot API accepts."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import parse_qsl, unquote, urlsplit

MAX_HEADER_BYTES = 64 * 1024
MAX_BODY_BYTES = 64 * 1024 * 1024


class MalformedRequest(ValueError):
    """The bytes on the wire are not a request we can parse; answered with 400."""


@dataclass(frozen=True, eq=False)
class UploadedPart:
    """A file part of a multipart/form-data body."""

    filename: str
    content_type: str
    content: bytes

    def __repr__(self) -> str:
        return f"UploadedPart({self.filename!r}, {self.content_type!r}, {len(self.content)} bytes)"


@dataclass
class HttpRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def form(self) -> dict[str, object]:
        """Parameters from the query string and the body, whatever its content type."""
        params: dict[str, object] = dict(self.query)
        content_type = self.headers.get("content-type", "")
        media_type = content_type.split(";", 1)[0].strip().lower()
        if not self.body:
            return params
        if media_type == "application/json":
            try:
                decoded = json.loads(self.body)
            except ValueError as error:
                raise MalformedRequest(f"can't parse JSON body: {error}") from None
            if not isinstance(decoded, dict):
                raise MalformedRequest("JSON body must be an object")
            params.update(decoded)
        elif media_type == "multipart/form-data":
            params.update(_parse_multipart(self.body, content_type))
        elif media_type in ("application/x-www-form-urlencoded", ""):
            try:
                text = self.body.decode("utf-8")
            except UnicodeDecodeError:
                raise MalformedRequest("form body is not UTF-8") from None
            params.update(parse_qsl(text, keep_blank_values=True))
        else:
            raise MalformedRequest(f"unsupported content type {content_type!r}")
        return params


@dataclass
class HttpResponse:
    status: int
    body: bytes
    content_type: str = "application/json"


def json_response(status: int, payload: object) -> HttpResponse:
    return HttpResponse(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"))


def _header_parameter(header: str, name: str) -> str | None:
    for piece in header.split(";")[1:]:
        key, _, value = piece.strip().partition("=")
        if key.strip().lower() == name:
            return value.strip().strip('"')
    return None


def _parse_multipart(body: bytes, content_type: str) -> dict[str, object]:
    boundary = _header_parameter(content_type, "boundary")
    if not boundary:
        raise MalformedRequest("multipart body without boundary")
    delimiter = b"--" + boundary.encode("latin-1")
    sections = body.split(delimiter)
    if len(sections) < 3 or not sections[-1].startswith(b"--"):
        raise MalformedRequest("multipart body is not terminated")
    fields: dict[str, object] = {}
    for section in sections[1:-1]:
        # Each part sits between "\r\n" after the delimiter and "\r\n" before the next one.
        if not section.startswith(b"\r\n") or not section.endswith(b"\r\n"):
            raise MalformedRequest("malformed multipart part")
        head, separator, content = section[2:-2].partition(b"\r\n\r\n")
        if not separator:
            raise MalformedRequest("multipart part without headers")
        part_headers = _parse_header_lines(head.decode("utf-8", "replace").split("\r\n"))
        disposition = part_headers.get("content-disposition", "")
        name = _header_parameter(disposition, "name")
        if name is None:
            raise MalformedRequest("multipart part without a name")
        filename = _header_parameter(disposition, "filename")
        if filename is None:
            fields[name] = content.decode("utf-8", "replace")
        else:
            part_type = part_headers.get("content-type", "application/octet-stream")
            fields[name] = UploadedPart(filename, part_type, content)
    return fields


def _parse_header_lines(lines: list[str]) -> dict[str, str]:
    headers = {}
    for line in lines:
        if not line:
            continue
        name, colon, value = line.partition(":")
        if not colon:
            raise MalformedRequest(f"bad header line {line!r}")
        headers[name.strip().lower()] = value.strip()
    return headers


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    chunks = []
    total = 0
    while True:
        size_line = await reader.readuntil(b"\r\n")
        try:
            size = int(size_line.split(b";", 1)[0].strip(), 16)
        except ValueError:
            raise MalformedRequest("bad chunk size") from None
        if size == 0:
            # Skip trailers up to the empty line.
            while await reader.readuntil(b"\r\n") != b"\r\n":
                pass
            return b"".join(chunks)
        total += size
        if total > MAX_BODY_BYTES:
            raise MalformedRequest("body too large")
        chunks.append(await reader.readexactly(size))
        await reader.readexactly(2)


async def read_request(reader: asyncio.StreamReader) -> HttpRequest | None:
    """Reads one request; None when the client closed the connection between requests."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as error:
        if not error.partial.strip():
            return None
        raise MalformedRequest("connection closed inside the request head") from None
    except asyncio.LimitOverrunError:
        raise MalformedRequest("request head too large") from None
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise MalformedRequest(f"bad request line {lines[0]!r}")
    method, target, _version = parts
    headers = _parse_header_lines(lines[1:])
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = await _read_chunked(reader)
    else:
        try:
            length = int(headers.get("content-length", "0"))
        except ValueError:
            raise MalformedRequest("bad Content-Length") from None
        if not 0 <= length <= MAX_BODY_BYTES:
            raise MalformedRequest("bad Content-Length")
        body = await reader.readexactly(length) if length else b""
    split = urlsplit(target)
    query = dict(parse_qsl(split.query, keep_blank_values=True))
    return HttpRequest(method.upper(), unquote(split.path), query, headers, body)


def _encode_response(response: HttpResponse, keep_alive: bool) -> bytes:
    reason = (
        HTTPStatus(response.status).phrase
        if response.status in HTTPStatus._value2member_map_
        else ""
    )
    head = (
        f"HTTP/1.1 {response.status} {reason}\r\n"
        f"Content-Type: {response.content_type}\r\n"
        f"Content-Length: {len(response.body)}\r\n"
        f"Connection: {'keep-alive' if keep_alive else 'close'}\r\n\r\n"
    )
    return head.encode("latin-1") + response.body


Handler = Callable[[HttpRequest], Awaitable[HttpResponse | None]]
ErrorReporter = Callable[[str], HttpResponse]


async def serve_connection(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    handle: Handler,
    report_malformed: ErrorReporter,
) -> None:
    """Answers requests on one keep-alive connection until either side closes it.

    A handler answer of None drops the connection without a response (fault injection).
    """
    try:
        while True:
            try:
                request = await read_request(reader)
            except (MalformedRequest, asyncio.IncompleteReadError) as error:
                writer.write(_encode_response(report_malformed(str(error)), keep_alive=False))
                await writer.drain()
                return
            if request is None:
                return
            response = await handle(request)
            if response is None:
                return
            keep_alive = request.headers.get("connection", "").lower() != "close"
            writer.write(_encode_response(response, keep_alive))
            await writer.drain()
            if not keep_alive:
                return
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()
