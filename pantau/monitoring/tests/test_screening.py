"""The screener on hand-written posts: per indicator family a post that must be flagged, with the
indicator that explains it, and a hard negative with the same words that must not be."""

from datetime import datetime, timedelta, timezone

import pytest

from pantau.monitoring.screening.indicators import INDICATORS, match
from pantau.monitoring.screening.screener import PostInput, as_output, screen
from pantau.monitoring.screening.text import MAX_SCREENED_CHARS, normalise

WIB = timezone(timedelta(hours=7))
NIGHT = datetime(2026, 3, 14, 23, 40, tzinfo=WIB)


def post(text: str, **extra: object) -> PostInput:
    return PostInput(id="t", text=text, **extra)  # type: ignore[arg-type]


# family → (flagged post, an indicator that must explain it, hard negative)
CASES = {
    "live_gift": (
        post(
            "ayo kak kirim gift mawar biar adik2 panti bisa beli susu, tap tap layarnya kak 🙏 "
            "adik bilang makasih",
            is_live=True,
            posted_at=NIGHT,
            gift_count=240,
        ),
        "live_gift_request",
        post(
            "Stop beri gift ke live yang memperlihatkan anak panti di tengah malam! Laporkan ke SAPA 129. "
            "#lindungianak"
        ),
    ),
    "donation_child": (
        post(
            "Bantu adik-adik yatim kami kak 😭 mereka butuh biaya sekolah, transfer seikhlasnya ke rek "
            "BRI 0123 01 000555 50 7 a.n. Bpk Darman, semoga berkah"
        ),
        "donation_using_children",
        post(
            "Laporan penyaluran donasi bulan Maret: Rp12.450.000 untuk biaya sekolah. Izin PUB No. "
            "460/077/Dinsos/2026, rekening BSI 7001234567 a.n. Yayasan Cahaya Hati. Terima kasih donatur."
        ),
    ),
    "pity": (
        post(
            "Ya Allah adik2 di panti belum makan dari pagi, beras habis 😭 tolong kami kak hari ini juga, "
            "DANA 0813 2222 4567"
        ),
        "pity_hunger",
        post(
            "Alhamdulillah hari ini anak-anak makan siang bersama ibu-ibu PKK kelurahan, menu sayur asem dan "
            "ayam goreng. Terima kasih atas kunjungannya 🙏"
        ),
    ),
    "identity": (
        post(
            "Kenalkan adik kita Rina Septiani (9), kelas 3 SDN 2 Sukamaju, ayahnya meninggal dan ibunya "
            "pergi. Dia korban kekerasan di rumah lamanya. Mohon doanya."
        ),
        "identity_tragedy",
        post("Selamat ulang tahun yang ke-9 Rina! Semoga jadi anak sholehah 🎂 dari kakak-kakak pengasuh"),
    ),
    "tourism_work": (
        post(
            "PAKET KUNJUNGAN PANTI: anak-anak akan menari menyambut tamu, foto bersama, Rp350rb/orang, "
            "bisa datang kapan saja. Booking 0857 1111 2222"
        ),
        "orphanage_tourism",
        post(
            "Terima kasih mahasiswa KKN yang sudah mengajar les matematika di panti kami minggu ini. "
            "Kunjungan dijadwalkan bersama pengurus dan pengasuh."
        ),
    ),
    "baby_sale": (
        post(
            "ada bayi laki2 baru lahir 3 hari, ibunya tidak siap merawat. yg mau adopsi ganti biaya "
            "persalinan 15jt nego, tanpa ribet proses pengadilan. serius wa O812-3456-7890"
        ),
        "baby_sale",
        post(
            "Polres Batu menangkap tersangka jual bayi lewat grup Facebook adopsi. Pelaku mematok harga "
            "Rp18 juta per bayi dengan dalih ganti biaya persalinan, kata Kasat Reskrim."
        ),
    ),
    "recruitment": (
        post(
            "Dicari anak usia 14-17 thn utk kerja di Malaysia, dijamin gaji besar, orang tua dapat uang "
            "muka 5jt. Lulusan SD/SMP boleh. Hub WA 0821 7777 8888"
        ),
        "child_recruitment",
        post(
            "Lowongan: dibutuhkan relawan pengajar dewasa (min. 21 tahun) untuk les sore di panti, wajib "
            "SKCK dan mengikuti pelatihan perlindungan anak."
        ),
    ),
    "sexual": (
        post("open bo abg masih sekolah, fresh, vcs juga bisa, dm aja"),
        "sexual_minor",
        post(
            "Waspada modus open BO yang menjerat pelajar! Polda Jabar ungkap jaringan yang menjual anak "
            "SMA lewat aplikasi. Laporkan akun mencurigakan."
        ),
    ),
    "fundraising_gap": (
        post(
            "Open donasi pembangunan asrama panti, kami belum punya izin tapi insya Allah amanah. "
            "Transfer ke BCA 1234567890 a.n. Ibu Sulastri (bendahara)"
        ),
        "personal_account_text",
        post(
            "Penggalangan dana renovasi asrama. Izin PUB: SK Dinsos No. 460/88/2026, berlaku s.d. "
            "30 Juni 2026. Rekening Mandiri 1230004567890 a.n. Yayasan Harapan Bangsa."
        ),
    ),
}


@pytest.mark.parametrize("family", sorted(CASES))
def test_family_flags_the_post_and_explains_it(family: str) -> None:
    flagged, code, _ = CASES[family]
    result = screen(flagged)
    assert result.flagged, (family, result.score, [r.code for r in result.indicators])
    fired = {r.code for r in result.indicators}
    assert code in fired
    reason = next(r for r in result.indicators if r.code == code)
    assert reason.evidence and reason.info["legal_basis"]


@pytest.mark.parametrize("family", sorted(CASES))
def test_hard_negative_with_the_same_words_is_not_flagged(family: str) -> None:
    _, _, negative = CASES[family]
    result = screen(negative)
    assert not result.flagged, (family, result.score, [r.code for r in result.indicators])


def test_hard_triggers_go_to_rujuk_and_others_to_tinjau() -> None:
    assert screen(CASES["baby_sale"][0]).tier == "rujuk"
    assert screen(CASES["sexual"][0]).tier == "rujuk"
    assert screen(CASES["pity"][0]).tier == "tinjau"


def test_every_indicator_has_a_label_and_every_risk_indicator_a_legal_basis() -> None:
    for indicator in INDICATORS:
        assert str(indicator.label)
        assert indicator.context or indicator.legal_basis


def test_obfuscation_is_undone_before_matching() -> None:
    assert normalise("B4YI 👶 DIJUALLL!!!") == "bayi bayi dijual!!!"
    fullwidth = "".join(chr(ord(c) + 0xFEE0) if c != " " else c for c in "jual bayi sehat")
    assert "baby_sale" in match(normalise(fullwidth))
    assert normalise("hub 0812 3456") == "hub 0812 3456"  # numbers are not leetspeak


def test_odd_posts_are_screened_with_a_note_not_an_error() -> None:
    assert screen(post("")).tier == "none" and screen(post("")).notes == ["empty_text"]
    emoji = screen(post("🙏🙏😭😭"))
    assert emoji.notes == ["no_words"] and not emoji.flagged
    huge = screen(post("kirim gift buat adik2 panti ya kak " + "x" * 1_000_000))
    assert "clipped" in huge.notes and len(normalise("a " * MAX_SCREENED_CHARS * 2)) < MAX_SCREENED_CHARS + 10
    script = screen(post("<script>alert(1)</script> jual bayi"))
    assert "baby_sale" in {r.code for r in script.indicators}


def test_output_line_has_the_documented_fields() -> None:
    line = as_output("42", screen(CASES["baby_sale"][0]))
    assert set(line) >= {"id", "score", "tier", "flagged", "indicators", "entities"}
    assert 0 <= line["score"] <= 1 and line["flagged"] is True
    assert all({"code", "evidence", "legal_basis"} <= set(i) for i in line["indicators"])
    assert line["entities"]["phones"] == ["+6281234567890"]
    assert line["entities"]["prices_idr"] == [15_000_000]


@pytest.mark.parametrize(
    "text",
    ["1" * 20_000 + "jt", "a" * 20_000, "9" * 400 + " juta", "@" * 5000 + "b4yi", "🙏" * 50_000],
)
def test_pathological_texts_are_screened(text: str) -> None:
    result = screen(post(text))
    assert result.tier in ("none", "pantau", "tinjau", "rujuk")


def test_names_and_numbers_are_masked() -> None:
    from pantau.monitoring.redact import redact

    assert redact("Budi umur 7 tahun") == "▇▇ umur 7 tahun"
    assert redact("Ini adik kami.\nRina sakit") == "Ini adik kami.\n▇▇ sakit"
    assert redact("BUDI butuh bantuan, wa 0812-3456-7890") == "▇▇ butuh bantuan, wa ▇▇7890"
    assert redact("namanya budi dari Panti Asuhan") == "namanya ▇▇ dari Panti Asuhan"
