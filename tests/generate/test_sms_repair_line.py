"""The length repair of an SMS over its segments (studio/generate/problems.py): told in characters, in the
locale's language, as the copy prompt told the budget. Told "3 SMS segments; the limit is 2", the tr-TR and ja-JP SMS
of the 23-locale quality bench (h49a) came back unchanged."""

from __future__ import annotations

from studio.generate.candidates import Candidate
from studio.generate.problems import repair_problems
from studio.market.channels import measure
from studio.plan.brief import PlannedAsset, load_brief

HARD = load_brief("examples/campaign_hard.yaml")
TR_SMS = ("Reklam: Lumo Daily Cream - Kuru cilt için parfümsüz yüz kremi, 50 ml, yeniden doldurulabilir cam "
          "kavanozda. (Yapay zekâ ile oluşturuldu)")


def test_a_turkish_sms_over_two_segments_is_told_its_characters_and_the_134_that_fit_in_turkish():
    m = measure(TR_SMS, "sms", "tr-TR")
    assert (m.segments, m.encoding) == (3, "ucs2")  # 'ı' and 'â' are not GSM-7: 67 characters a part
    job = PlannedAsset(locale="tr-TR", kind="copy", channel="sms", variant=0)
    cand = Candidate("candidate 1", TR_SMS, TR_SMS, {}, gates={"length": "3 segments, over the sms limit of 2"})
    problems = repair_problems(cand, job, HARD)
    assert f"Metin {len(TR_SMS)} karakter; sınır 134 karakter. Daha kısa yaz." in problems
    assert not any("segment" in p for p in problems)


def test_a_gsm_sms_over_its_one_segment_is_told_the_160_characters_one_gsm_part_holds():
    text = "Lumo Daily Cream: " + "soft skin from morning to evening, " * 9
    assert measure(text, "sms", "en-GB").limit == 1  # en-GB's channel_limits: one segment
    job = PlannedAsset(locale="en-GB", kind="copy", channel="sms", variant=0)
    cand = Candidate("candidate 1", text, text, {}, gates={"length": "3 segments, over the sms limit of 2"})
    assert f"It is {len(text)} characters long; the limit is 160 characters. Write it shorter." in repair_problems(cand, job, HARD)
