"""Writes ``cultural_rules/<market>/alcohol33.yaml`` for the markets that ban alcohol advertising outright
(checks-alcohol33, issue 9): edit the pieces here and rerun
(`PYTHONPATH=. .venv/bin/python scripts/alcohol33_rules.py`), never the generated files.

Alcohol said without a drink's name. Every alcohol label states its strength (Reg. (EU) 1169/2011 art. 9(1)(k) and
28, 27 CFR 4.36 and 5.65, the Codex General Standard for the Labelling of Prepackaged Foods 4.1.1, TS 1.2.3 in
Türkiye's Gıda Etiketleme Yönetmeliği, SNI and BPOM 31/2018 in Indonesia, Food Regulations 1985 reg. 361 in
Malaysia, the Thai notification 347 on labels, the FSSAI 2018 alcoholic beverages standards in India, GSO 9 in
the Gulf): "13.5 % vol", "%14 hacim", "ABV 40%", "alkohol 5%", "アルコール分5%" name the drink as surely as its
name does; so does a wine grape with its vintage ("Öküzgözü 2021", "Malbec 2019"). Where the law bans every alcohol
advertisement (Türkiye Law 4250 art. 6, the Gulf states' media laws, Indonesia UU 32/2002 art. 46(3)(c), Malaysia
CMCF Part 2 s.5, Thailand ABC Act s.32, India CTN Rules r.7(2)(viii)), that is the advert. Hand sanitiser,
cologne and perfume state "% alcohol" too and are left out by their own words; 0.0 and "alcohol-free" drinks too.

Where the law asks a line instead (Loi Évin's health warning, "Bebe con moderación", Mexico's "Evite el exceso",
CONAR's "Beba com moderação", the Dutch "Geniet, maar drink met mate", Japan's 20歳未満 notice, Korea's 과음 경고,
Viet Nam's "có hại cho sức khỏe"), the same strength or vintage needs that line: the required phrases are read
from the market's own alcohol rule at generation time, so the market keeps one list of its lines.
"""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1] / "cultural_rules"
NUM = r"[1-9]\d?(?:[.,]\d{1,2})?"
STRENGTH = (
    r"(?i:(?<![\d.,])" + NUM + r"\s?%\s?(?:vol\b\.?|v/v\b|abv\b|alc\b\.?|alcohol\b|alkol\b|alkohol\b)"
    r"|(?<![\d.,])%\s?" + NUM + r"\s?(?:hacim|alkol|vol\b)"
    r"|\b(?:abv|alc\.?|alcohol|alkohol|alkol|kadar\s+alkohol)\s*:?\s*" + NUM + r"\s?%"
    r"|\b[5-9]\d\s?proof\b)"
    r"|(?:アルコール(?:度数|分)|酒精度|알코올\s?도수|ดีกรี|แอลกอฮอล์|الكحول|كحول|अल्कोहल)\s*:?\s*" + NUM + r"\s?(?:%|度|도)"
)
GRAPES = (
    r"öküzgözü|boğazkere|kalecik\s+karası|narince|çalkarası|merlot|cabernet(?:\s+sauvignon)?|syrah|shiraz"
    r"|pinot\s+(?:noir|grigio|gris|blanc)|chardonnay|sauvignon\s+blanc|riesling|malbec|tempranillo|grenache"
    r"|zinfandel|sangiovese|nebbiolo|primitivo|gewürztraminer|viognier|chenin\s+blanc|carm[eé]n[eè]re"
)
YEAR = r"(?:19[5-9]\d|20[0-3]\d)"
VINTAGE = rf"(?i:\b(?:{GRAPES})\b[^\n.!?]{{0,30}}?\b{YEAR}\b|\b{YEAR}\b[^\n.!?]{{0,30}}?\b(?:{GRAPES})\b)"
NOT_A_DRINK = (
    r"(?i:saniti[sz]er|hand\s+gel|antiseptic|antiseptik|disinfect\w*|desinfe\w*|dezenfektan|kolonya|parf[üu]m\w*|perfume"
    r"|cologne|toner|serum|pembersih|nước\s+rửa\s+tay|alcohol-free|non-alcoholic|alkolsüz|tanpa\s+alkohol"
    r"|bebas\s+alkohol|0[.,]0)|เจลล้างมือ|ล้างแผล|ไม่มีแอลกอฮอล์|معقم|مطهر|عطر|بدون\s+كحول|सैनिटाइ\S*"
)
LAW = {
    "tr-TR": "Türkiye Law 4250 art. 6 (as amended by Law 6487, 2013) and the TAPDK Regulation on the Sale and "
             "Promotion of Alcoholic Beverages (2013) art. 9; Gıda Etiketleme ve Tüketiciyi Bilgilendirme Yönetmeliği",
    "gcc": "KSA GCAM advertising rules and Anti-Commercial-Fraud Law; UAE Federal Law 55/2023 on Media Regulation "
           "art. 14 and the UAE Media Council content standards; GSO 9 (labelling)",
    "id-ID": "Indonesia UU 32/2002 Penyiaran art. 46(3)(c); Perpres 74/2013 art. 10; Etika Pariwara Indonesia "
             "(minuman keras); BPOM 31/2018 (label kadar alkohol)",
    "ms-MY": "Malaysia Communications and Multimedia Content Code Part 2 s.5 (alcoholic beverages); Food "
             "Regulations 1985 reg. 361 (alcohol content on labels)",
    "th-TH": "Thailand Alcoholic Beverage Control Act B.E. 2551 s.32 and the Ministerial Regulation of B.E. 2553 "
             "(label content)",
    "india": "India Cable Television Networks Rules 1994 r.7(2)(viii); CCPA Guidelines on Misleading Advertisements "
             "2022 guideline 6 (surrogate advertising); FSSAI (Alcoholic Beverages) Standards 2018 (alcohol content)",
}
PREFIX = {"tr-TR": "tr", "gcc": "gcc", "id-ID": "id", "ms-MY": "ms", "th-TH": "th", "india": "in"}
# Probes written for each market (positives, then near-misses that must stay clean).
EXAMPLES = {
    "tr-TR": (["Boğazkere 2021, 14 ay meşe fıçıda, %14 hacim: şimdi online siparişte",
               "Yeni seri tek damıtım, %45 vol, hediye kutusunda", "Kalecik Karası 2022 ile akşam sofraları"],
              ["Kolonya %80 alkol, limon kokulu, 400 ml", "Dezenfektan jel %70 alkol, 500 ml",
               "2022 yılında kurulan şirketimiz, %14 büyüme"]),
    "gcc": (["Malbec 2019 now at our marina lounge, 14.5% vol", "ABV 40%: the new single cask, limited bottles",
             "مشروب جديد بنسبة كحول 5% في الردهة"],
            ["Hand sanitiser gel, 70% alcohol, 500 ml", "معقم لليدين 70% كحول", "عطر فاخر، كحول 80%",
             "Our 2019 collection: 14% off all dresses"]),
    "id-ID": (["Rilisan baru: kadar alkohol 5%, segar dingin di bar kami", "Shiraz 2020, 14% vol, pesan antar malam ini"],
              ["Hand sanitizer alkohol 70% untuk keluarga", "Diskon 14% untuk semua sepatu, promo 2020"]),
    "ms-MY": (["Edisi terhad: 40% vol, dalam kotak hadiah", "Chardonnay 2021 kini di lounge kami"],
              ["Pembersih tangan alkohol 75%, 500 ml", "Jualan 14% untuk semua kasut"]),
    "th-TH": (["ดีกรี 40% รุ่นพิเศษ ขวดสะสม", "Merlot 2020 เสิร์ฟเย็นๆ ที่รูฟท็อป 13.5% vol"],
              ["เจลล้างมือแอลกอฮอล์ 70%", "ลดราคา 14% ทุกชิ้น"]),
    "india": (["Limited release, 42.8% v/v, in a gift tin", "Sauvignon Blanc 2022 at our rooftop tonight"],
              ["Hand sanitiser, 70% alcohol, pack of 3", "14% off on all shoes this Diwali"]),
}
LOCALE = {"gcc": "ar-AE", "india": "en-IN"}

# Markets with a mandatory line: market -> (the file and rule holding the line, the law, probes: match, no_match).
LINE = {
    "fr-FR": ("pack.yaml", "fr.alcohol.evin", "France CSP L3323-4 (Loi Évin: the health warning on every alcohol ad)",
              ["Domaine des Collines, rouge 2021, 13,5 % vol. Livraison offerte dès 6 bouteilles."],
              ["Domaine des Collines, rouge 2021, 13,5 % vol. L'abus d'alcool est dangereux pour la santé, à consommer avec modération.",
               "Gel hydroalcoolique 70 % vol, flacon de 500 ml"]),
    "es-ES": ("pack.yaml", "es.alcohol.spirits", "Spain Ley 34/1988 art. 5, Ley 1/2024 and the Código de Autorregulación "
              "Publicitaria de Cerveceros de España / FEBE (consumo responsable)",
              ["Tempranillo 2020 de la casa, 14 % vol, ahora con envío gratis"],
              ["Tempranillo 2020 de la casa, 14 % vol. Bebe con moderación.", "Gel desinfectante de manos, 70 % alcohol"]),
    "es-MX": ("pack.yaml", "esmx.alcohol.moderation", "Mexico NOM-142-SSA1/SCFI-2014 and Reglamento de la LGS en "
              "materia de Publicidad art. 25-26 (leyendas precautorias)",
              ["Edición limitada: 38% Alc. Vol., en botella de barro"],
              ["Edición limitada: 38% Alc. Vol. Evite el exceso.", "Gel antibacterial con 70% de alcohol, 1 litro"]),
    "pt-BR": ("pack.yaml", "ptbr.alcohol.moderation", "Brazil Lei 9.294/96 art. 4 §2 and CONAR Anexos A and P "
              "(cláusulas de advertência)",
              ["Safra 2019 de Malbec, 13,5% vol, direto da vinícola"],
              ["Safra 2019 de Malbec, 13,5% vol. Beba com moderação.", "Álcool em gel 70% para as mãos"]),
    "nl-NL": ("pack.yaml", "nl.alcohol.geen18", "Netherlands Reclamecode voor Alcoholhoudende Dranken art. 7 and 15 "
              "(Geniet, maar drink met mate; NIX18)",
              ["Nieuw in de winkel: tripel, 9% vol, op fles"],
              ["Nieuw in de winkel: tripel, 9% vol. Geniet, maar drink met mate.", "Handgel met 70% alcohol, 250 ml"]),
    "ja-JP": ("pack.yaml", "ja.alcohol.minors", "Japan 酒類の広告・宣伝及び酒類容器の表示に関する自主基準 (20歳未満の飲酒禁止の表示)",
              ["新発売、アルコール分7%の限定缶"],
              ["新発売、アルコール分7%の限定缶。20歳未満の飲酒は法律で禁止されています。", "手指消毒用ジェル、アルコール濃度70%"]),
    "ko-KR": ("pack.yaml", "ko.alcohol.promotion", "Korea 국민건강증진법 제8조의2 and 시행령 제10조 (과음 경고 문구)",
              ["알코올 도수 16도, 한정판 출시"],
              ["알코올 도수 16도, 한정판 출시. 지나친 음주는 건강에 해롭습니다.", "손소독제 알코올 70%, 500ml"]),
    "vi-VN": ("pack.yaml", "vi.alcohol.general", "Viet Nam Luật Phòng, chống tác hại của rượu, bia 2019 art. 11 and "
              "Nghị định 24/2020 art. 8 (the warning on every beer and wine ad)",
              ["Vang đỏ Malbec 2020, 13,5% vol, giao tận nhà"],
              ["Vang đỏ Malbec 2020, 13,5% vol. Uống rượu, bia có hại cho sức khỏe.", "Nước rửa tay khô 70% alcohol"]),
}
NOT_A_DRINK_WORDS = ["sanitizer", "sanitiser", "hand gel", "hydroalcoolique", "désinfectant", "desinfectante", "antibacterial",
                     "gel", "álcool em gel", "handgel", "desinfectie", "消毒", "손소독제", "소독", "nước rửa tay", "sát khuẩn",
                     "parfum", "perfume", "eau de toilette", "colonia", "香水", "향수", "nước hoa"]


def rule(market: str) -> dict:
    match, no_match = EXAMPLES[market]
    loc = LOCALE.get(market)
    return {
        "id": f"{PREFIX[market]}.alcohol.strength_or_vintage",
        "type": "pattern",
        "category": "alcohol",
        "severity": "warn",
        "message": "An alcoholic drink is advertised by its strength (% vol, ABV) or a wine grape with its vintage, "
                   "without its name: the market bans alcohol advertising.",
        "suggestion": "Drop the alcoholic product from the copy for this market.",
        "source": {"name": LAW[market] + "; Regulation (EU) 1169/2011 art. 9(1)(k) and 28 and Codex STAN 1-1985 "
                   "4.1.1 (the strength on every alcohol label)",
                   "url": "https://www.fao.org/fao-who-codexalimentarius/codex-texts/list-standards/en/"},
        "applies_to": {"kinds": ["copy", "video_script", "image_prompt"]},
        "patterns": [STRENGTH, VINTAGE],
        "unless": [NOT_A_DRINK],
        "window": 60,
        "examples": {"match": [{"text": t, "locale": loc} if loc else t for t in match],
                     "no_match": [{"text": t, "locale": loc} if loc else t for t in no_match]},
    }


def line_rule(market: str) -> dict:
    file, source_id, law, match, no_match = LINE[market]
    pack = yaml.safe_load((ROOT / market / file).read_text(encoding="utf-8"))
    source = next(r for r in pack["rules"] if r["id"] == source_id)
    # vi.alcohol.general reads the warning as its unless words: they are the line there
    required = source.get("required") or [w for w in source["unless"] if "không cồn" not in w]
    prefix = source_id.split(".")[0]
    return {
        "id": f"{prefix}.alcohol.strength_needs_line",
        "type": "requires",
        "category": "alcohol",
        "severity": "warn",
        "message": f"An alcoholic drink is advertised by its strength (% vol, ABV) or a wine grape with its vintage, "
                   f"without the market's mandatory line (as {source_id} requires of a drink named).",
        "suggestion": "Add the market's mandatory line to the copy.",
        "source": {"name": law + "; Regulation (EU) 1169/2011 art. 9(1)(k) and Codex STAN 1-1985 4.1.1 (the strength "
                   "on every alcohol label)", "url": "https://www.fao.org/fao-who-codexalimentarius/codex-texts/list-standards/en/"},
        "applies_to": {"kinds": ["copy", "video_script"]},
        "when": {"patterns": [STRENGTH, VINTAGE]},
        "required": required,
        "unless": NOT_A_DRINK_WORDS,
        "window": 60,
        "examples": {"match": match, "no_match": no_match},
    }


def named_line_rule(market: str) -> dict:
    """checks-lexicon51: a drink named by any name of cultural_rules/lexicons/alcohol_drinks.yaml needs the line too.

    The market's own rule reads its drinks by a regex with that market's exceptions (a cocktail dress, "or rosé"),
    which a word list cannot carry; this rule reads every other name (a perry, a chouchen, a pox, a Pinot Gris,
    a 소곡주) with the market rule's own ``unless`` words, its window and its scope."""
    file, source_id, law, _, _ = LINE[market]
    pack = yaml.safe_load((ROOT / market / file).read_text(encoding="utf-8"))
    source = next(r for r in pack["rules"] if r["id"] == source_id)
    required = source.get("required") or [w for w in source["unless"] if "không cồn" not in w]
    unless = list(dict.fromkeys([*source.get("unless", []), *NOT_A_DRINK_WORDS, *ALCOHOL_FREE]))
    match, no_match = NAMED_EXAMPLES[market]
    return {
        "id": f"{source_id.split('.')[0]}.alcohol.named_needs_line",
        "type": "requires",
        "category": "alcohol",
        "severity": "warn",
        "message": f"An alcoholic drink is named (by its category, appellation, grape or traditional name) or drinking is "
                   f"said by its occasion (a toast, a tasting, the after-work glass) without the market's mandatory line "
                   f"(as {source_id} requires).",
        "suggestion": "Add the market's mandatory line to the copy.",
        "source": {"name": law + "; the drink names of cultural_rules/lexicons/alcohol_drinks.yaml and the occasions of "
                   "alcohol_occasion.yaml (each group cites its source)", "url": source.get("source", {}).get("url")},
        "applies_to": source.get("applies_to") or {"kinds": ["copy", "video_script"]},
        # checks-alcohol52: drinking said by its occasion (a toast, a wine tasting, the after-work glass) is an alcohol
        # advertisement as much as a drink's name (Loi Évin L3323-3 "directe ou indirecte"): one rule reads both, so a
        # line that names the drink and toasts it warns once.
        "when": {"terms": ["@lexicon:alcohol_drinks", "@lexicon:alcohol_occasion"]},
        "required": required,
        "unless": unless,
        "window": source.get("window", 60),
        "examples": {"match": match, "no_match": no_match},
    }


# A drink declared alcohol-free is none (the market rules' regexes say so by lookbehind; a word list by unless words).
ALCOHOL_FREE = ["sans alcool", "sin alcohol", "sem álcool", "alcoholvrij", "alcoholvrije", "alcohol-free", "non-alcoholic",
                "0.0", "0,0", "0 %", "0%", "ノンアルコール", "무알코올", "무알콜"]
# Probes of my own per line market (checks-lexicon51): a drink the market rule's regex does not name, then near-misses.
# Probes of my own per line market (checks-lexicon51, checks-alcohol52): a drink the market rule's regex does not name,
# then near-misses. Only the markets whose rule reads Japanese or Korean by regex keep this second rule: there a regex
# finds ビール in 黒ビール and 맥주 in 수제맥주 where a word list needs the word's edges. The Latin-script market rules
# (fr.alcohol.evin, es.alcohol.spirits, esmx.alcohol.moderation, ptbr.alcohol.moderation, nl.alcohol.geen18) read the
# lexicons themselves since checks-alcohol52, so a drink named there warns once, by the market's own rule.
NAMED_EXAMPLES = {
    "ja-JP": (["青森のシードルで乾杯しよう", "大吟醸の新酒が入荷しました", "仕事終わりの一杯に、クラフトジンをどうぞ", "今夜の晩酌に、瀬戸内のレモンサワー"],
              ["青森のシードル。20歳未満の飲酒は法律で禁止されています。", "ノンアルコールのクラフトビール、運転前にも", "仕事終わりにコーヒーを一杯どうぞ"]),
    "ko-KR": (["소곡주 한 잔으로 하루를 마무리하세요", "제주 감귤 과실주 신상 입고", "퇴근 후 한잔, 가평 수제 맥주로"],
              ["소곡주 한 잔. 지나친 음주는 건강에 해롭습니다.", "무알코올 맥주, 운전 전에도 안심", "퇴근 후 따뜻한 커피 한 잔"]),
}


def rules() -> dict[str, dict]:
    """Each generated file (its path under cultural_rules/) and what it holds."""
    # vi.alcohol.general reads the lexicon itself, with the warning as its unless words: no second rule there
    specs = {f"{m}/alcohol33.yaml": {"pack": m, "rules": [line_rule(m)] + ([named_line_rule(m)] if m in NAMED_EXAMPLES else [])}
             for m in LINE}
    specs.update({f"{m}/alcohol33.yaml": {"pack": m, "rules": [rule(m)]} for m in LAW})
    return specs


def main() -> None:
    head = "# Generated by scripts/alcohol33_rules.py (checks-alcohol33, issue 9): edit the script, not this file.\n"
    for name, spec in rules().items():
        out = ROOT / name
        out.write_text(head + yaml.safe_dump(spec, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
        print(out.relative_to(ROOT.parent))


if __name__ == "__main__":
    main()
