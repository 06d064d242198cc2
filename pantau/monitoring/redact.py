"""Masking a captured post's text for the default view: children's names and numbers hidden.

A reviewer decides on the reasons, which need no identity; the full text is one audited click away.
Names are found by what usually precedes them ("adik Rina") and by capitals: every capitalised or
upper-case word is masked unless it is on the allow-list (the words a reviewer needs and the ones that
usually start a sentence). Masking too much is the safe side of this trade.
"""

from __future__ import annotations

import re

MASK = "▇▇"
KEEP = frozenset(
    """panti asuhan yayasan lksa lks lembaga pondok pesantren ponpes masjid rumah yatim bunda kasih
    allah swt saw rasulullah nabi alhamdulillah bismillah insyaallah masyaallah aamiin amin ramadhan idul
    fitri adha jumat jum'at senin selasa rabu kamis sabtu minggu januari februari maret april mei juni juli
    agustus september oktober november desember bri bca bni bsi btn mandiri dana ovo gopay qris tiktok
    instagram facebook youtube whatsapp wa live dinas sosial dinsos kemensos kpai polri polda polres
    indonesia jakarta kami kita kalian mereka saya aku kecil yang ini itu dan di ke dari untuk dengan sudah
    belum juga semua para kak kakak tidak lagi sedang masih mau akan bisa ayo yuk mari mohon tolong bantu
    terima selamat semoga hari info open donasi transfer rek rekening jangan stop waspada berita polisi ada
    apa bagi buat buka hub kontak cp dm live siaran malam pagi siang sore bapak ibu adik adek anak bayi
    kota kabupaten kab provinsi desa kelurahan kecamatan program kegiatan laporan izin pub sk
    ahu resmi gratis the and for""".split()
)
_CUE = re.compile(
    r"\b((?i:nama(?:nya)?|namaku|adik|adek|dek|ananda|si|bernama|anak(?:nya)?)\s+)([A-Za-z][a-z]+(?:\s+[A-Z][a-z]+)?)"
)
_CAPITAL = re.compile(r"\b[A-Z][A-Za-z]{2,}\b")
_NUMBER = re.compile(r"\d(?:[\s.\-]?\d){5,}")


def _keep_or_mask(word: str) -> str:
    return word if word.lower() in KEEP else MASK


def masked_words(text: str) -> frozenset[str]:
    """The words (lower case) that ``redact`` hides in ``text``: to hide them elsewhere too (the
    evidence of a reason, an account holder), where the text's capitals are lost."""
    words = {m.group(0).lower() for m in _CAPITAL.finditer(text) if m.group(0).lower() not in KEEP}
    for match in _CUE.finditer(text):
        words.update(w.lower() for w in match.group(2).split() if w.lower() not in KEEP)
    return frozenset(words)


def redact_words(phrase: str, hidden: frozenset[str]) -> str:
    return " ".join(MASK if word.lower().strip(".,:;") in hidden else word for word in phrase.split())


def redact(text: str) -> str:
    text = _NUMBER.sub(lambda m: MASK + re.sub(r"\D", "", m.group(0))[-4:], text)
    text = _CUE.sub(lambda m: m.group(1) + " ".join(_keep_or_mask(w) for w in m.group(2).split()), text)
    return _CAPITAL.sub(lambda m: _keep_or_mask(m.group(0)), text)
