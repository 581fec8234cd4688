"""Text every encoder downstream accepts: lone surrogates replaced, everything else kept."""


def encodable(text: str) -> str:
    """The text with what UTF-8 cannot hold (a lone surrogate, from a broken escape in JSON
    or undecodable bytes read with surrogateescape) replaced by "?". The tokenizer, the
    database drivers and the Bot API would each reject the whole text otherwise."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text
