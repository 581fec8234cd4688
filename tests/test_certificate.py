"""The certificate picture: the holder's language when a font draws it, never boxes."""

from __future__ import annotations

import io
from datetime import date

from PIL import Image

from sellerbot.reports import certificate, fonts

DETAILS = {
    "course_fallback": "Test course",
    "issued_on": date(2026, 12, 2),
    "code": "SB-7K3M-Q9XD",
    "fallback_locale": "en",
}


def test_an_english_certificate_shows_name_course_date_and_code(translations):
    lines, complete = certificate.certificate_lines(
        translations, name="Li Wei", course="Test course", locale="en", **DETAILS
    )
    texts = [line.text for line in lines]
    assert complete
    assert texts == [
        "Certificate of completion",
        "This certifies that",
        "Li Wei",
        "has completed the course",
        "Test course",
        "Date: 2026-12-02",
        "Verification code: SB-7K3M-Q9XD",
    ]
    drawn = certificate.draw_certificate(
        translations, name="Li Wei", course="Test course", locale="en", **DETAILS
    )
    assert Image.open(io.BytesIO(drawn.png)).size == (certificate.WIDTH, certificate.HEIGHT)


def test_without_a_cjk_font_a_chinese_certificate_says_so_instead_of_drawing_boxes(
    translations, monkeypatch
):
    monkeypatch.setattr(fonts, "cjk_font_path", lambda: None)
    details = {"name": "李伟", "course": "测试课程", "locale": "zh_Hans", **DETAILS}
    lines, complete = certificate.certificate_lines(translations, **details)
    texts = [line.text for line in lines]
    assert not complete
    assert not any(fonts.needs_cjk(text) for text in texts), texts
    assert "(SB-7K3M-Q9XD)" in texts and "Test course" in texts
    assert "install fonts-noto-cjk" in texts[-1]
    drawn = certificate.draw_certificate(translations, **details)
    assert not drawn.complete and drawn.png.startswith(b"\x89PNG")


def test_with_a_cjk_font_a_chinese_certificate_is_in_chinese(translations, monkeypatch):
    monkeypatch.setattr(fonts, "cjk_font_path", lambda: "/a/cjk/font.ttc")
    details = {"name": "李伟", "course": "测试课程", "locale": "zh_Hans", **DETAILS}
    lines, complete = certificate.certificate_lines(translations, **details)
    assert complete and [line.text for line in lines][:3] == ["结业证书", "兹证明", "李伟"]
