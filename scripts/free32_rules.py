"""Writes cultural_rules/global/free32.yaml (checks-free32, issue 9, r32-free in cultural_rules/CLASSES.md) from the
per-language pieces below: edit them here and rerun (`.venv/bin/python scripts/free32_rules.py`), never the generated
regexes (each is capped at 2,000 characters, so every language is its own pattern)."""
FREE = (r"(?:(?<![-\w])free\b(?!-)|\bgratis\b|\bkostenlos\w*|\bgratuit\w*|\boffert(?:e|s|es)?\b|\bin omaggio\b|\bgrátis\b"
        r"|\bza darmo\b|\bdarmow\w*|\bbezpłatn\w*|\bbedava\b|\bücretsiz\b|\bpercuma\b|\bmiễn phí\b|ฟรี|مجان\w*|मुफ्त|मुफ़्त"
        r"|無料|무료|免费|(?<![\d.,])0\s?(?:元|円|원|€|zł|tl|บาท|đ)(?![\d.,])|(?:€|£|\$|r\$|₹|rp|rm)\s?0(?![\d.,]))")
BUY = {
 "en": r"\b(?:only|exclusively|reserved|valid) (?:for|to) (?:\w+ ){0,3}(?:who|that) (?:buy|book|purchase|order|sign up for|subscribe to|take out)\b|\bfor (?:buyers|purchasers) of\b|\brequires? (?:the )?(?:prior )?purchase of\b|\bmust (?:first )?(?:buy|purchase)\b",
 "fr": r"\bréservée?s? (?:aux|à) (?:\w+ ){0,2}(?:ayant (?:acheté|souscrit)|qui (?:achètent|achètera|achèteront|souscrivent))|\bsous réserve (?:d['’]achat|de l['’]achat|de souscription)|\b(?:uniquement|seulement) (?:pour|sur) (?:l['’])?achat d|\bpour les acheteurs d",
 "es": r"\b(?:solo|sólo|exclusiv[oa]s?|únicamente|válid[oa]) (?:para|a) (?:\w+ ){0,2}(?:que|quienes) (?:compren|contraten|adquieran|se suscriban)\b|\bprevia (?:compra|contratación) de\b|\brequiere (?:la )?(?:compra|contratación) de\b",
 "it": r"\b(?:riservat[aoie]|solo|esclusivamente|valid[oaie]) (?:a|per) (?:chi|coloro che|i clienti che) (?:acquista|compra|sottoscrive|acquistano|comprano|sottoscrivono)\b|\bprevio acquisto d",
 "pt": r"\b(?:exclusiv[oa]s?|apenas|somente|só|válid[oa]) (?:para|a) (?:quem|clientes que|os que) (?:comprar|contratar|adquirir|assinar)\b|\bmediante (?:a )?(?:compra|contratação) d",
 "de": r"\bnur (?:für|bei|mit) (?:\w+ ){0,2}(?:käufer\w*|kauf|abschluss|erwerb)\b|\bvoraussetzung (?:ist )?(?:der|die|ein\w*) (?:kauf|abschluss|erwerb)",
 "nl": r"\balleen (?:voor|bij) (?:\w+ ){0,2}(?:kopers|aankoop|afname)\b|\bop voorwaarde van (?:aankoop|afname)",
 "pl": r"\btylko dla (?:\w+,? ){0,2}(?:kupujących|nabywców|(?:które|którzy) (?:kupi|wykupi)\w*)|\b(?:pod warunkiem|warunkiem jest) (?:zakupu|wykupienia|kupna)",
 "tr": r"\b(?:satın alanlara|satın alma şartıyla|satın almanız (?:gerekir|şart)|alımı şartıyla)",
 "id": r"\b(?:khusus|hanya untuk|cuma untuk|hanya bagi) (?:\w+ ){0,2}(?:pembeli|yang membeli)\b|\b(?:dengan syarat|wajib|harus) (?:membeli|beli)\b",
 "vi": r"chỉ (?:áp dụng|dành) cho (?:\w+ ){0,2}(?:khách|người) (?:hàng )?(?:mua|đăng ký mua)|với điều kiện mua|phải mua",
 "th": r"เฉพาะ(?:ลูกค้า|ผู้)(?:ที่)?(?:ซื้อ|จองแพ็ก)|ต้องซื้อ",
 "zh": r"须?需?先(?:购买|办理|开通)|[需须](?:购买|办理)|仅限购买|购买\S{0,12}后(?:方可|才能|才可|激活)",
 "ja": r"(?:購入|ご契約)(?:が|の)(?:必要|条件)|(?:ご)?購入(?:者|された方|いただいた方)(?:様)?(?:限定|のみ)|事前に\S{0,15}(?:購入|契約)",
 "ko": r"(?:구매|결제)\s?(?:고객|회원|자)\s?(?:한정|전용|에 한함|에 한해)|구매하셔야|(?:구매|결제)\s?후\s?(?:이용|사용)\s?가능",
 "ar": r"(?:للعملاء|لمن|للذين) (?:الذين )?يشتر|بشرط (?:شراء|الاشتراك)|فقط للمشترين|يشترط شراء",
 "hi": r"(?:खरीदने|ख़रीदने) वालों के लिए|(?:खरीदने|ख़रीदने) पर ही|(?:खरीद|ख़रीद) की शर्त",
}
NOT_BOUGHT = (r"\bno purchase|\bwithout (?:a )?purchase|sans (?:obligation d['’])?achat|sin (?:obligación de )?compra|senza (?:obbligo di )?acquisto|sem (?:obrigação de )?compra|ohne kauf|zonder aankoop|bez (?:obowiązku )?zakupu|satın alma zorunluluğu|tanpa pembelian|không cần mua|ไม่ต้องซื้อ|无需购买|不用购买|購入不要|구매 없이|조건 없음|دون شراء|बिना खरीद"
              r"|shipping|delivery|postage|送料|包邮|运费|배송|ส่งฟรี|จัดส่ง|versand|lieferung|livraison|envío|spedizione|consegna|frete|entrega|verzending|bezorging|dostaw\w*|wysyłk\w*|kargo|ongkir|pengiriman|vận chuyển|giao hàng|شحن|توصيل|डिलीवरी")
rule_free = {
 "id": "global.free.buyers_only", "type": "pattern", "category": "free_claim", "severity": "warn",
 "message": "'Free' (or a 0 price) is given only to those who buy something first: the free thing is part of a paid deal, so it is not free.",
 "suggestion": "Present it as included in the paid package with the package's price ('stargazing night included in the two-night package, 3,900 baht'), or drop 'free'.",
 "source": {"name": "UCPD 2005/29/EC Annex I no. 20; UK CAP Code 3.23-3.26; FTC Guide Concerning Use of the Word 'Free' (16 CFR 251.1(c): conditions stated at the outset); Japan 景品表示法 art. 5(2) 有利誤認 and 総付景品告示; China 广告法 art. 8 (附带赠送 conditions stated plainly); Korea 표시광고법 art. 3(1)(1); India ASCI Code ch. I.4 ('free'); Brazil CONAR Anexo 'ofertas'; Türkiye Ticari Reklam Yönetmeliği art. 13 ('bedava', 'ücretsiz'); ICC Code (2024) art. 24",
            "url": "https://eur-lex.europa.eu/eli/dir/2005/29/oj"},
 "applies_to": {"kinds": ["copy", "video_script"]},
 "patterns": [], "unless": [NOT_BOUGHT], "window": 60,
}
for b in BUY.values():
    rule_free["patterns"].append(f"{FREE}[^\\n]{{0,80}}?(?:\\n[^\\n]{{0,80}}?)?(?:{b})")
    rule_free["patterns"].append(f"(?:{b})[^\\n]{{0,60}}?(?:\\n[^\\n]{{0,60}}?)?{FREE}")
assert all(len(p) < 2000 for p in rule_free["patterns"]), max(len(p) for p in rule_free["patterns"])


def M(text: str, locale: str) -> dict:  # noqa: N802 - a rule example, as short as the YAML it writes
    return {"text": text, "locale": locale}



rule_free["examples"] = {
 "match": [M("ดูดาวฟรี! *เฉพาะผู้ซื้อแพ็กเกจเต็นท์ 2 คืน ราคา 3,900 บาท", "th-TH"),
           M("ดูหนังกลางแปลงฟรี! *เฉพาะลูกค้าที่ซื้อบัตรเข้าสวน 450 บาท", "th-TH"),
           M("0元学滑板！*需先购买599元季卡后方可预约", "zh-CN"), M("0元体验攀岩！*需先办理388元会员卡", "zh-CN"),
           M("0円でヨガ体験！※事前に年間パス（24,000円）のご購入が必要です", "ja-JP"),
           M("Clase de surf gratis* *solo para quienes compren el bono de 10 sesiones (180 €)", "es-ES"),
           M("Degustazione gratuita!* *riservata a chi acquista il pacchetto weekend da 199 €", "it-IT"),
           M("جلسة سبا مجانية!* *للعملاء الذين يشترون باقة العضوية السنوية بسعر 2,400 درهم فقط", "ar-AE"),
           M("Free stargazing night!* *Only for guests who book the two-night glamping package at £240.", "en-GB"),
           M("Initiation au paddle offerte* *réservée aux clients ayant acheté le forfait 3 jours à 89 €", "fr-FR"),
           M("Kostenloses Kajak-Training!* *Nur für Käufer des Saisonpasses (149 €).", "de-DE"),
           M("Aula de vinho grátis!* *exclusiva para quem comprar o pacote anual de R$ 890", "pt-BR"),
           M("Gratis proeverij!* *alleen voor kopers van het jaarabonnement à € 99", "nl-NL"),
           M("Darmowy kurs wspinaczki!* *tylko dla osób, które kupią karnet roczny za 1200 zł", "pl-PL"),
           M("Ücretsiz yoga dersi!* *Sadece 12 aylık üyelik satın alanlara geçerlidir (4.800 TL).", "tr-TR"),
           M("Kelas masak gratis!* *khusus pembeli paket tahunan Rp1.200.000", "id-ID"),
           M("Học bơi miễn phí!* *chỉ áp dụng cho khách mua gói 12 tháng giá 3.600.000đ", "vi-VN"),
           M("मुफ़्त योग सत्र!* *केवल ₹9,999 का वार्षिक पैकेज खरीदने वालों के लिए", "hi-IN"),
           M("별자리 투어 무료! *2박 패키지(29만원) 결제 고객 한정", "ko-KR"),
           M("Kelas yoga percuma!* *hanya untuk pembeli pakej tahunan RM1,200", "ms-MY")],
 "no_match": [M("Free stargazing night for every camper, no booking needed.", "en-GB"),
              M("Initiation au paddle offerte à tous les visiteurs samedi, sans réservation.", "fr-FR"),
              M("0元领取试吃装，每人限一份，无需购买。", "zh-CN"),
              M("Free delivery, only for customers who order over £40.", "en-GB"),
              M("Clase de surf gratis para todos, sin compra ni reserva.", "es-ES"),
              M("ดูดาวฟรีทุกคืนวันเสาร์ ไม่ต้องซื้อบัตร", "th-TH"),
              M("体验课免费，无需购买任何课程。", "zh-CN"),
              M("Kostenloses Kajak-Training für alle, ohne Kauf, ohne Anmeldung.", "de-DE"),
              M("Package price 3,900 baht only for buyers of the tent package; stargazing is included.", "en-GB"),
              M("구매 고객 한정 사은품 증정 이벤트는 종료되었습니다.", "ko-KR")]}

NAME = r"(?P<name>[A-ZÀÂÇÉÈÊÁÍÓÚÑÃÕÔĄĆĘŁŃÓŚŹŻÇĞİÖŞÜ][\w'’&-]*(?:[ ][A-ZÀÂÇÉÈÊÁÍÓÚÑÃÕÔĄĆĘŁŃŚŹŻÇĞİÖŞÜ][\w'’&-]*){0,2})"
rule_shamed = {
 "id": "global.comparative.rival_shamed", "type": "rival_name", "category": "comparative", "severity": "warn",
 "message": "The copy names a competitor and says the product shames, ridicules or outclasses it ('puts X to shame', 'X is child's play next to us'): a comparison that runs a named rival down is denigration, and it states no verifiable basis.",
 "suggestion": "Drop the rival's name, or compare one verifiable feature with its source ('crunchier than X in our 2026 blind test of 200 people, details at ...').",
 "source": {"name": "Directive 2006/114/EC art. 4(c)-(d) (verifiable, not discrediting or denigrating a competitor); UK CAP Code 3.33, 3.38, 3.42; FTC Statement of Policy Regarding Comparative Advertising (16 CFR 14.15); Türkiye Ticari Reklam Yönetmeliği art. 8; Brazil CONAR art. 32; ICC Code (2024) art. 12 and 14",
            "url": "https://eur-lex.europa.eu/eli/dir/2006/114/oj"},
 "applies_to": {"kinds": ["copy", "video_script"]},
 "max_zipf": 4.5, "capitalised": True,
 "patterns": [
   r"\b(?i:puts?|putting|leaves?|leaving|makes?|making)[ ](?:the[ ]|a[ ])?" + NAME + r"(?:['’]s)?[ ](?:(?i:to[ ]shame|in[ ]the[ ]dust|look[ ]like|look[ ]cheap|look[ ]old|look[ ]slow|look[ ]sad|look[ ]bad))",
   r"\b(?i:ridiculis\w*|fait[ ]pâlir|font[ ]pâlir|écrase\w*)[ ](?:(?:ceux|celles|celui|celle)[ ]de[ ]|chez[ ])?" + NAME,
   r"\b(?i:dej\w+[ ]en[ ]ridículo|dej\w+[ ]en[ ]pañales|humill\w+|ridiculiz\w+)[ ](?:a[ ])?(?:(?:los|las|el|la)[ ]de[ ])?" + NAME,
   r"\b(?i:deix\w+[ ]no[ ]chinelo|humilh\w+|ridiculariz\w+)[ ](?:(?:o|a|os|as)[ ](?:da|do|de)[ ])?" + NAME,
   r"\b(?i:fa[ ]impallidire|fanno[ ]impallidire|umili\w+|ridicolizz\w+)[ ](?:(?:quell[ioae]|quello)[ ]di[ ])?" + NAME,
   r"\b(?i:zawstydza\w*|bije[ ]na[ ]głowę|bijemy[ ]na[ ]głowę)[ ]" + NAME,
   r"(?i:yanında)[ ]" + NAME + r"[ ](?i:çocuk[ ]oyuncağı|sönük|halt[ ]etmiş)",
   r"\b(?i:bikin|membuat)[ ]" + NAME + r"[ ](?i:malu|minder|kalah)",
 ],
 "not_names": ["I", "We", "You", "He", "She", "They", "It", "Christmas", "Noël", "Navidad", "Natal", "Natale", "Weihnachten", "Kerst", "Ramadan", "Lebaran", "Mum", "Mom", "Dad", "Monday", "Sunday"],
 "unless": [r"\bsource:|\(source|according to (?!(?:our|us|me)\b)|\btested by|\bindependent (?:test|lab)|\bsurvey|selon (?!(?:nos|nous|moi)\b)|\bfuente:|\bfonte:|\bkaynak:|\bsumber:"],
}
rule_shamed["examples"] = {
 "match": [M("Pickles that put Branston to shame.", "en-GB"), M("Our ribs make Famous Dave's look like cafeteria food.", "en-US"),
           M("Burgers that leave Byron in the dust.", "en-GB"), M("Nos croissants ridiculisent ceux de Marie Blachère.", "fr-FR"),
           M("Nuestras hamburguesas dejan en ridículo a las de Goiko.", "es-ES"), M("Nosso açaí deixa no chinelo o da Oakberry.", "pt-BR"),
           M("Bizim döner yanında Kasap Döner çocuk oyuncağı kalır.", "tr-TR"), M("La nostra pizza fa impallidire quella di Sorbillo.", "it-IT")],
 "no_match": [M("Sunsets that put Paris to shame, right here in Cornwall.", "en-GB"), M("Make Christmas look like magic with our lights.", "en-GB"),
              M("Pickles that put other pickles to shame.", "en-GB"),
              M("Crisps that put Walkers to shame in our blind test of 300 people (source: YouGov, May 2026).", "en-GB"),
              M("Nos croissants ridiculisent ceux de Paris, selon le jury du concours 2026.", "fr-FR")]}



def rules() -> dict:
    return {"free32.yaml": {"pack": "global", "rules": [rule_free, rule_shamed]}}


HEADER = """# checks-free32 (issue 9, CLASSES.md r32-free): free_claim and comparative read as the law names them, in every
# market. buyers_only: 'free' (or a 0 price) given only to those who buy a package, a pass or a membership first, in
# the claim's sentence or its note (UCPD Annex I no. 20; CAP 3.23-3.26; 16 CFR 251.1(c)). rival_shamed: a named
# rival said to be shamed, ridiculed or outclassed, no basis given (2006/114/EC art. 4(c)-(d); CAP 3.42).
# GENERATED by scripts/free32_rules.py: edit the pieces there and rerun.
"""


def main() -> None:
    from global_rule_files import write_global  # scripts/ is on the path when this runs as a script

    write_global(rules(), HEADER)


if __name__ == "__main__":
    main()
