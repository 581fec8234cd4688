"""Makes the bot's process log as carelessly as a library might, for the token leak test.

On PYTHONPATH, Python imports this module at start-up. From the first request on, httpx
logs every request URL at INFO again, another logger names each URL in its arguments, and
a dropped connection becomes an error whose message carries the URL: every Bot API URL
holds the token, so only the redactor keeps it out of the log.
"""

import logging

import httpx

_send = httpx.AsyncClient.send


async def _careless_send(self, request, *args, **kwargs):
    logging.getLogger("httpx").setLevel(logging.INFO)
    logging.getLogger("careless").info("calling %s", request.url)
    try:
        return await _send(self, request, *args, **kwargs)
    except httpx.TransportError as error:
        raise httpx.ConnectError(f"lost the connection to {request.url}") from error


httpx.AsyncClient.send = _careless_send
