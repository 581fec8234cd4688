"""Text every encoder and database downstream accepts: lone surrogates replaced, NUL
characters dropped, everything else kept."""


def encodable(text: str) -> str:
    """The text with what UTF-8 cannot hold (a lone surrogate, from a broken escape in JSON
    or undecodable bytes read with surrogateescape) replaced by "?", and without NUL
    characters, which PostgreSQL keeps in no text or JSON value: an odd client or a forged
    update can carry one. The tokenizer, the database and the Bot API would each reject
    the whole text otherwise."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text
