"""Writes cultural_rules/global/health30.yaml (checks-health30, issue 9, r30-health) from the grammar pieces below:
edit the pieces here and rerun (`.venv/bin/python scripts/health30_rules.py`), never the generated regexes.

The grammar is the law's, not the corpus's. EU Regulation 1169/2011 art. 7(3) and 1924/2006 art. 2(2)(6), 12-14:
food may not be said to "prevent, treat or cure a human disease" nor to act on a body function beyond the
authorised wording; the FTC's Health Products Compliance Guidance (2022) reads any claim "to cure, mitigate, treat
or prevent" a disease, and an efficacy claim "clinically proven" or "doctor recommended" as one that needs competent
and reliable scientific evidence; China's Advertising Law art. 17 (no medical terms for non-medicines) and art. 28;
Korea's 식품표시광고법 art. 8(1)1-2 (질병의 예방·치료에 효능이 있는 것으로 인식할 우려); Japan's 薬機法 art. 66-68 and
the 46通知 list of 医薬品的な効能効果 ((1) treating or preventing a disease, (2) strengthening a body function:
疲労回復, 強精強壮, 老化防止, 若返り, 解毒機能を高める, 血液を浄化する, 健胃整腸...); Türkiye's Gıda ve Takviye
Edici Gıdaların Sağlık Beyanları Yönetmeliği and the Reklam Kurulu's decisions on "şifa" and "her derde deva";
Indonesia BPOM 1/2022 (klaim pengobatan); Viet Nam Nghị định 15/2018 art. 26 and Luật Quảng cáo art. 8 (thực phẩm
không được quảng cáo như thuốc chữa bệnh); Thai FDA Notification 294 (no therapeutic claim on food); India's Drugs
and Magic Remedies Act 1954 s.3.

A claim is, in one clause of one sentence:
  organ_cure       a verb of cure, repair, regeneration or cleansing + an organ or body system (ICD-11's chapter
                   systems: digestive, hepatic, renal, respiratory, circulatory, nervous, endocrine,
                   genitourinary, musculoskeletal; the organs as MeSH's Anatomy tree [A03-A10] names them)
  tonic_efficacy   a medicinal efficacy of the 46通知 list (2) kind, or its sister forms in zh (降三高, 补肾),
                   tr ("her derde deva", "şifa verir"), ar ("شفاء لكل داء") and hi ("खून साफ")
  risk_group       a product made, fit or recommended for a named risk group (diabetics, hypertensives, 三高人群,
                   糖友, 당뇨 환자)
  clinical_efficacy "clinically / scientifically / medically proven or tested" + what it does, or "proven in
                   clinical trials", "N out of 10 doctors"
A licensed medicine's own advertisement carries its licence line or a mandated leaflet line (HWG §4(3) "Zu Risiken
und Nebenwirkungen", 请按药品说明书, Đọc kỹ hướng dẫn sử dụng, 第2類医薬品, PZN, AUST L, a registration number):
such a line within the window clears the claim. Left out on purpose: the skin and hair (cosmetics may "repair the
skin barrier"), the heart and the soul in Western languages (a metaphor first), "joint" (a joint venture), "treat"
in English (a treat), "cured" (ham), recipe verbs (clean, wash a liver).
"""

from __future__ import annotations

GAP = r"[^.!?。！？\n;；]{0,30}?"
GAP_TIGHT = r"[^.!?。！？\n;；]{0,6}?"

# ---- organ_cure: (verbs, organs, order); order "vo" = verb then organ, "ov" = organ then verb, "both"
ORGAN = {
    "en": (
        r"\b(?:cures?|curing|heals?|healed|healing|repairs?|repairing|regenerates?|regenerating|rebuilds?|rebuilding|cleanses?|cleansing|purif(?:y|ies|ying)|flush(?:es)? out|detoxif(?:y|ies|ying)|restores? (?:the )?health of)\b",
        r"\b(?:(?:your|the|his|her|their|a|damaged|sick|fatty|tired) )?(?:stomach|liver|kidneys?|gut|intestines?|bowels?|colon|digestive (?:system|tract)|lungs?|pancreas|prostate|thyroid|bladder|arteries|blood vessels|nervous system|joints|cartilage|blood)\b",
        "vo",
    ),
    "de": (
        r"\b(?:heilt|heilen|geheilt|kuriert|regeneriert|regenerieren|repariert|reparieren|erneuert|reinigt|reinigen|entgiftet|entgiften|entschlackt|entschlacken|saniert|sanieren|baut \w+ wieder auf)\b",
        r"\b(?:(?:den|die|das|ihren|ihre|deinen|deine|dein|ihr|eure?n?) )?(?:magen|leber|nieren?|darm|därme|darmflora|lunge|bauchspeicheldrüse|prostata|schilddrüse|blase|arterien|blutgefäße|gefäße|nerven|gelenke|knorpel|blut)\b",
        "both",
    ),
    "fr": (
        r"\b(?:guérit|guérissent|guérir|répare|réparent|réparer|régénère|régénèrent|régénérer|purifie|purifient|détoxifie|détoxifient|détoxique|draine|drainent)\b",
        r"\b(?:(?:votre|vos|le|la|les|l'|l’|son|sa|ses) ?)?(?:estomac|foie|reins?|intestins?|côlon|poumons?|pancréas|prostate|thyroïde|vessie|artères|vaisseaux sanguins|nerfs|articulations|cartilages?|sang)\b",
        "vo",
    ),
    "es": (
        r"\b(?:cura|curan|curar|sana|sanan|sanar|repara|reparan|reparar|regenera|regeneran|regenerar|depura|depuran|depurar|purifica|purifican|desintoxica|desintoxican|desintoxicar)\b",
        r"\b(?:(?:tu|tus|su|sus|el|la|los|las) )?(?:estómago|hígado|riñones|riñón|intestinos?|colon|pulmones|páncreas|próstata|tiroides|vejiga|arterias|vasos sanguíneos|nervios|articulaciones|cartílagos?|sangre)\b",
        "vo",
    ),
    "pt": (
        r"\b(?:cura|curam|curar|sara|saram|repara|reparam|reparar|regenera|regeneram|regenerar|depura|depuram|purifica|purificam|desintoxica|desintoxicam|desintoxicar)\b",
        r"\b(?:(?:seu|sua|seus|suas|o|a|os|as) )?(?:estômago|fígado|rins|rim|intestinos?|cólon|pulmões|pâncreas|próstata|tireoide|tireóide|bexiga|artérias|vasos sanguíneos|nervos|articulações|cartilagens?|sangue)\b",
        "vo",
    ),
    "it": (
        r"\b(?:guarisce|guariscono|guarire|risana|risanano|ripara|riparano|riparare|rigenera|rigenerano|rigenerare|depura|depurano|depurare|purifica|purificano|disintossica|disintossicano|disintossicare)\b",
        r"\b(?:(?:il|lo|la|i|gli|le|l'|l’|tuo|tua|tuoi|tue) ?)?(?:stomaco|fegato|reni|rene|intestino|colon|polmoni|pancreas|prostata|tiroide|vescica|arterie|vasi sanguigni|nervi|articolazioni|cartilagini?|sangue)\b",
        "vo",
    ),
    "nl": (
        r"\b(?:geneest|genezen|herstelt|herstellen|regenereert|regenereren|reinigt|reinigen|zuivert|zuiveren|ontgift|ontgiften)\b",
        r"\b(?:(?:je|jouw|uw|de|het) )?(?:maag|lever|nieren|darmen|darm|darmflora|longen|alvleesklier|prostaat|schildklier|blaas|aderen|bloedvaten|zenuwen|gewrichten|kraakbeen|bloed)\b",
        "both",
    ),
    "pl": (
        r"\b(?:leczy|leczą|wyleczy|wyleczą|uleczy|regeneruje|regenerują|odbudowuje|odbudowują|oczyszcza|oczyszczają|odtruwa|odtruwają|naprawia|naprawiają)\b",
        r"\b(?:żołąd(?:ek|ka|ku)|wątrob[aęy]|nerk[ia]|nerek|jelit[ao]?|płuca|płuc|trzustk[aęi]|prostat[aęy]|tarczyc[aęy]|pęcherz|tętnic[ea]?|naczynia krwionośne|nerwy|chrząstk[aęi]|krew)\b",
        "both",
    ),
    "tr": (
        r"\b(?:iyileştir\w*|tedavi eder|tedavi ediyor|onarır|onarıyor|yeniler|yeniliyor|temizler|temizliyor|arındırır|arındırıyor|şifa verir|şifa oluyor|iyi gelir|geçirir)\b",
        r"\b(?:mide\w*|karaciğer\w*|böbrek\w*|bağırsak\w*|akciğer\w*|pankreas\w*|prostat\w*|tiroid\w*|mesane\w*|damar(?:lar)?\w*|eklem\w*|kıkırdak\w*|kanı|kanınızı)\b",
        "ov",
    ),
    "idms": (
        r"\b(?:menyembuhkan|sembuhkan|mengobati|obati|mengubati|ubati|memulihkan|memperbaiki|meregenerasi|membersihkan|bersihkan|mendetoks\w*|menyehatkan|sihatkan|menyihatkan)\b",
        r"\b(?:lambung|ginjal|buah pinggang|usus|paru-paru|pankreas|prostat|tiroid|kandung kemih|pundi kencing|pembuluh darah|saluran darah|saraf|urat saraf|persendian|tulang rawan|(?<!noda )darah|organ hati|hati dan ginjal|liver)\b",
        "vo",
    ),
    "vi": (
        r"(?<!\w)(?:chữa lành|chữa|phục hồi|tái tạo|thải độc|giải độc|thanh lọc|bổ|bồi bổ|làm sạch|mát)(?!\w)",
        r"(?<!\w)(?:dạ dày|bao tử|gan|thận|ruột|đại tràng|phổi|tụy|tuyến tiền liệt|tuyến giáp|bàng quang|mạch máu|thần kinh|xương khớp|sụn khớp|(?<!vết )máu)(?!\w)",
        "vo",
    ),
    "th": (
        r"(?:รักษา|บำรุง|ฟื้นฟู|ล้างพิษ|ขับสารพิษ|ซ่อมแซม)",
        r"(?:กระเพาะ|ตับ|ไต|ลำไส้|ปอด|ต่อมลูกหมาก|ไทรอยด์|หลอดเลือด|เส้นเลือด|ระบบประสาท|ข้อเข่า|ข้อต่อ|กระดูกอ่อน|เลือด)",
        "vo_tight",
    ),
    "ja": (
        r"(?:治す|治る|治し|治り|なおす|なおる|修復|再生|浄化|きれいに|強くす|丈夫にす|の働きを(?:高め|良く|よく|活発に|助け)|の機能を(?:高め|回復|改善)|に効く|に効き|に効果)",
        r"(?:胃腸|胃|肝臓|肝機能|腎臓|腎機能|大腸|腸|肺|膵臓|前立腺|甲状腺|膀胱|血管|神経|関節|軟骨|血液)",
        "ov_tight",
    ),
    "ko": (
        r"(?:고쳐|고친|고치|회복시|재생|해독|정화|깨끗하게|튼튼하게|살려|에 좋은|에 좋다|에 좋아요|에 최고)",
        r"(?:(?<![가-힣])간(?=[에을이의은 ])|위장|신장|콩팥|대장|(?<![가-힣])폐(?=[에를가의는 ])|췌장|전립선|갑상선|방광|혈관|신경|관절|연골|혈액)",
        "ov_tight",
    ),
    "zh": (
        r"(?:养|护|补|润|清|洗|排毒|修复|治|调理|强|健|疏通|软化|净化)",
        r"(?:肠胃|胃|肝|肾|肠道|肠|肺|胰|前列腺|甲状腺|血管|血液|脾)",
        "vo_zero",
    ),
    "ar": (
        r"(?:يعالج|تعالج|يشفي|تشفي|يرمم|ترمم|يجدد|تجدد|ينظف|تنظف|ينقي|تنقي|يطهر|تطهر|يقوي|تقوي|مفيد|مفيدة)",
        r"(?:ال|لل)(?:معدة|معده|كبد|كلى|كليتين|كلية|أمعاء|امعاء|قولون|رئة|رئتين|بنكرياس|بروستاتا|غدة الدرقية|مثانة|شرايين|أوعية الدموية|اوعية الدموية|أعصاب|اعصاب|مفاصل|غضاريف|دم)(?![\u0600-\u06FF])",
        "vo",
    ),
    "hi": (
        r"(?:साफ कर|साफ़ कर|ठीक कर|ठीक रख|मजबूत कर|मज़बूत कर|डिटॉक्स|शुद्ध कर|इलाज|साफ करे|साफ़ करे)",
        r"(?:पेट|लिवर|लीवर|यकृत|किडनी|गुर्दे|गुर्दों|आंतों|आँतों|आंत|फेफड़ों|फेफड़े|प्रोस्टेट|नसों|नसें|जोड़ों|खून|रक्त)",
        "ov",
    ),
}

# English compounds that put the organ first ("gut-healing broth", "liver-cleansing tea")
EXTRA_ORGAN = [
    r"\b(?:gut|liver|kidney|stomach|colon|bowel|lung|blood)[- ](?:healing|cleansing|repairing|regenerating|purifying)\b",
]

# ---- tonic_efficacy: the 46通知 (2) list and its sister forms, one alternation per language
TONIC = {
    "ja": r"疲労回復|強精|強壮|体力増強|食欲増進|老化防止|老化を防|回春|若返り|若返る|精力(?:をつけ|増強|アップ)|新陳代謝を(?:盛んに|高め)|内分泌機能|解毒(?:機能|作用|効果)|血液を(?:浄化|サラサラ|きれいに)|自然治癒力|健胃|整腸作用|病後の体力|不老長寿|延命|血糖値を下げ|血圧を下げ|コレステロールを下げ|血糖値が下が|血圧が下が",
    "zh": r"降三高|降血压|降血糖|降血脂|降尿酸|降胆固醇|补血养颜|补气血|补肾壮阳|壮阳补肾|补肾|强肾|固肾|滋阴壮阳|延年益寿|长生不老|百病不侵|包治百病|药到病除|排毒养颜|清热解毒|止咳化痰|润肺止咳|活血化瘀|软化血管|疏通血管|清理血管|增强免疫力|(?:失眠|便秘|胃病|胃痛|颈椎病|腰痛|关节痛|头痛|鼻炎|湿疹|脱发|高血压|糖尿病)[^。！？\n]{0,6}(?:全都好了|全好了|都好了|彻底好了|消失了|不见了|痊愈)",
    "tr": r"\bher derde deva\w*|\bderdine deva\b|\bşifa (?:verir|veriyor|kaynağı|deposu|niyetine)\b|\bşifalı (?:bitki karışımı|kür|çay|su|bal)\b|\bbağışıklığı (?:güçlendirir|artırır)\b|\bkanı (?:temizler|sulandırır)\b|\bkan yapıcı\b|\bkan şekerini (?:düşürür|dengeler)\b|\btansiyonu (?:düşürür|dengeler)\b|\bkolesterolü (?:düşürür|eritir)\b|\b(?:ülser\w*|gastrit\w*|reflü\w*|hazımsızlı\w*|öksürü\w*|bronşit\w*|migren\w*|romatizma\w*|hemoroid\w*|basur\w*)[^.!?\n]{0,20}?\b(?:geçirir|geçer|bitirir|keser)\b",
    "ar": r"شفاء (?:لكل|من كل) داء|دواء لكل داء|علاج لكل (?:داء|الأمراض|الامراض)|يقضي على جميع الأمراض|يقضي على جميع الامراض|ينظف الدم|ينقي الدم|يخفض (?:السكر|الضغط|الكوليسترول)|يقوي المناعة|تقوي المناعة|يطيل العمر",
    "hi": r"खून साफ|रक्त शोधक|खून को साफ|शुगर कंट्रोल|बीपी कंट्रोल|मर्दाना कमजोरी|यौन शक्ति|\bkhoon saaf\b|\bblood purifier\b|\bsugar control\b|\bbp control\b",
    "en": r"\b(?:lowers?|lowering|reduces?|brings? down|normali[sz]es?|balances?|regulates?) (?:your |the )?(?:blood sugar|blood glucose|blood pressure|sugar levels)\b|\bpurif(?:y|ies|ying) (?:your |the )?blood\b|\b(?:anti-ageing|anti-aging) (?:elixir|tonic)\b|\belixir of (?:life|youth)\b|\bcure[- ]all\b|\bcures? (?:every|all) (?:ailments?|illness(?:es)?|diseases?)\b|\b(?:boosts?|increases?|raises?|doubles?) (?:your |male |female )?(?:fertility|sperm count|sperm quality)\b|\brestores? (?:your |perfect )?(?:eyesight|vision)\b",
    "ko": r"(?:혈당|혈압|콜레스테롤|중성지방)(?:을|를|이|가)? ?(?:낮춰|낮추|낮춘|내려|떨어뜨|뚝)|만병통치|불로장생|정력 ?강화|피를 맑게|혈액을 맑게|혈관을 깨끗",
    "vi": r"(?<!\w)(?:hạ|giảm|ổn định) (?:đường huyết|huyết áp|mỡ máu|cholesterol)(?!\w)|(?<!\w)(?:bổ thận tráng dương|tráng dương|trường thọ|bách bệnh|trị bách bệnh|thần dược)(?!\w)",
    "th": r"(?:ลด|ควบคุม)(?:น้ำตาลในเลือด|ความดันโลหิต|ความดัน|ไขมันในเลือด|คอเลสเตอรอล)|ยาอายุวัฒนะ|อายุยืน|แก้สารพัดโรค|รักษาได้ทุกโรค|บำรุงกำลัง|เพิ่มสมรรถภาพ",
    "idms": r"\b(?:menurunkan|turunkan|mengontrol|menstabilkan|menormalkan) (?:gula darah|tekanan darah|darah tinggi|kolesterol|asam urat)\b|\b(?:obat|ubat) (?:segala|semua) (?:penyakit|jenis penyakit)\b|\bpenawar segala\b|\bawet muda\b|\bpanjang umur\b",
    # checks-look36 (r36-look): the Romance, German, Dutch and Polish forms the grammar lacked: a body marker lowered or
    # controlled ("te controla el azúcar", apart18 look es-MX 3) and sexual potency, the 46通知's 強精 ("virilidade
    # garantida", apart18 look pt-BR 1; a drink "que levanta até defunto")
    "es": r"\b(?:controla|regula|baja|reduce|normaliza|equilibra)\w* (?:el |la |tu |su )?(?:azúcar(?: en (?:la )?sangre)?|glucosa|glucemia|presión arterial|tensión arterial|colesterol)\b|\bbaja (?:la |tu )?(?:presión|tensión)\b|\bvirilidad\b|\b(?:potencia|vigor|rendimiento) sexual\b|\blevanta(?:muertos| muertos| hasta (?:a )?(?:los )?muertos)\b",
    "pt": r"\b(?:controla|regula|baixa|reduz|normaliza|equilibra)\w* (?:o |a |seu |sua )?(?:açúcar(?: no sangue)?|glicose|glicemia|pressão arterial|colesterol)\b|\bbaixa (?:a |sua )?pressão\b|\bvirilidade\b|\b(?:potência|vigor|desempenho) sexual\b|\blevanta (?:até )?(?:defunto|morto)s?\b",
    "fr": r"\b(?:fait baisser|baisse|régule|réduit|contrôle|équilibre|normalise)\w* (?:la |le |votre |ta |ton )?(?:glycémie|tension artérielle|taux de sucre|cholestérol)\b|\b(?:fait baisser|baisse) (?:la |votre |ta )?tension\b|\bvirilité\b|\b(?:vigueur|puissance) sexuelle\b",
    "it": r"\b(?:abbassa|regola|riduce|controlla|normalizza)\w* (?:la |il |lo |tuo |tua )?(?:glicemia|pressione arteriosa|colesterolo|zucchero nel sangue)\b|\babbassa (?:la )?pressione\b|\bvirilità\b|\b(?:vigore|potenza) sessuale\b",
    "de": r"\b(?:senkt|reguliert|normalisiert|kontrolliert)\w* (?:den |die |deinen |ihren |Ihren )?(?:blutzucker\w*|blutdruck|cholesterin\w*)\b|\bmanneskraft\b|\bpotenz ?(?:steigernd\w*|stärkend\w*)\b",
    "nl": r"\b(?:verlaagt|reguleert|normaliseert)\w* (?:je |uw |de |het )?(?:bloedsuiker\w*|bloeddruk|cholesterol)\b|\bpotentieverhogend\w*\b|\bmannelijke kracht\b",
    "pl": r"\b(?:obniża|reguluje|normalizuje|kontroluje)\w* (?:poziom )?(?:cukr\w*(?: we krwi)?|ciśnieni\w*|cholesterol\w*)\b|\b(?:na|poprawia|wzmacnia) potencję\b|\bmęsk\w+ sił\w*",
}

# ---- risk_group: a product made, fit or recommended for a named risk group
RISK = {
    "en": r"\b(?:ideal|perfect|great|made|designed|formulated|recommended|suitable|safe|specially|the best|a must) for (?:diabetics|people with (?:diabetes|high blood pressure|hypertension|heart disease|kidney disease)|hypertensives|heart patients|cancer patients|kidney patients|arthritis sufferers)\b|\bdiabetic[- ]friendly\b",
    "de": r"\b(?:ideal|perfekt|geeignet|empfohlen|speziell|entwickelt) für (?:diabetiker|bluthochdruckpatienten|herzpatienten|krebspatienten|nierenpatienten|menschen mit (?:diabetes|bluthochdruck))\b",
    "fr": r"\b(?:idéa(?:l|le|les|ux)|parfaite?s?|adaptée?s?|recommandée?s?|conçue?s?|spécia(?:l|le|les|ux)) (?:pour|aux) (?:les )?(?:diabétiques|hypertendus|personnes diabétiques|malades du cœur|cardiaques)\b",
    "es": r"\b(?:ideal(?:es)?|perfect[oa]s?|apt[oa]s?|buen[oa]s?|recomendad[oa]s?|especial(?:es)?|diseñad[oa]s?) (?:para|pa'?) (?:los |las )?(?:diabéticos|hipertensos|personas con (?:diabetes|hipertensión)|enfermos del corazón|pacientes renales)\b",
    "pt": r"\b(?:ideal|ideais|perfeit[oa]s?|indicad[oa]s?|recomendad[oa]s?|especia(?:l|is)) para (?:diabéticos|hipertensos|pessoas com (?:diabetes|hipertensão)|cardíacos|renais crônicos)\b",
    "it": r"\b(?:ideal[ei]|perfett[oaie]|adatt[oaie]|consigliat[oaie]|indicat[oaie]|special[ei]) per (?:i )?(?:diabetici|ipertesi|cardiopatici|persone con (?:diabete|ipertensione))\b",
    "nl": r"\b(?:ideaal|perfect|geschikt|aanbevolen|speciaal) voor (?:diabetici|diabetespatiënten|hartpatiënten|mensen met (?:diabetes|hoge bloeddruk))\b",
    "pl": r"\b(?:idealn[yae]|polecan[yae]|odpowiedni[ae]?|specjalnie) dla (?:diabetyków|cukrzyków|osób z (?:cukrzycą|nadciśnieniem)|sercowców|nadciśnieniowców)\b",
    "tr": r"\b(?:diyabet hastaları|şeker hastaları|tansiyon hastaları|kalp hastaları|böbrek hastaları)(?:nın|na|ne)? (?:için )?(?:ideal|birebir|özel|önerilir|uygun|dostu)\b",
    "idms": r"\b(?:cocok|aman|ideal|khusus|sesuai|disyorkan) (?:untuk|bagi) (?:penderita|pesakit|penghidap) (?:diabetes|kencing manis|darah tinggi|hipertensi|jantung|ginjal|buah pinggang)\b",
    "vi": r"(?<!\w)(?:tốt cho|dành cho|phù hợp cho|khuyên dùng cho) (?:người|bệnh nhân) (?:bị )?(?:tiểu đường|đái tháo đường|cao huyết áp|huyết áp cao|tim mạch|mỡ máu)(?!\w)",
    # checks-look36 (r36-look): the risk group told it may eat the product ("คนเป็นเบาหวานกินได้", apart18 look th-TH 3)
    "th": r"(?:เหมาะสำหรับ|สำหรับ|ดีต่อ)(?:ผู้ป่วย|คนเป็น|ผู้ที่เป็น)(?:เบาหวาน|ความดัน|โรคหัวใจ|โรคไต)|(?:ผู้ป่วย|คนเป็น|ผู้ที่เป็น)(?:เบาหวาน|ความดัน|โรคไต)\S{0,4}?(?:ก็)?(?:กินได้|ทานได้|ดื่มได้)",
    "ja": r"(?:糖尿病|高血圧|血糖値が気になる|血圧が気になる)(?:の方|方|の人|人|患者)(?:に|へ|向け|にも|におすすめ)",
    "ko": r"(?:당뇨|고혈압|당뇨병) ?(?:환자|환우)(?:에게|를 위한|분들께|도 안심|에게 좋은|에 좋은)",
    "zh": r"(?:三高人群|糖尿病人|糖尿病患者|糖友|高血压患者|高血压人群|心脑血管患者)(?:专用|必备|首选|适用|的福音|放心吃|也能吃|可放心)",
    "ar": r"(?:مناسب|مثالي|ممتاز|آمن|امن)(?:ة)? (?:لمرضى|لمريض) (?:السكري|السكر|الضغط|القلب|الكلى)",
    "hi": r"(?:डायबिटीज|मधुमेह|शुगर|बीपी) (?:के )?(?:मरीजों|रोगियों) (?:के लिए|को) (?:फायदेमंद|बेहतरीन|उत्तम|वरदान)",
}

# ---- clinical_efficacy: a proof claim tied to what the product does
CLIN = {
    "en": r"\b(?:clinically|scientifically|medically) (?:proven|tested|shown|studied|validated) to (?:cure|treat|prevent|heal|relieve|lower|reduce|fight|boost|repair|reverse|stop|end|eliminate|improve)\b|\bproven (?:in|by) clinical (?:trials?|studies|research)\b|\bclinical (?:trials?|studies) (?:show|prove|confirm)\b|\b(?:\d|nine|eight|seven) (?:out of|in) (?:10|ten) doctors\b|\bmedically tested\b",
    "de": r"\b(?:klinisch|wissenschaftlich|medizinisch) (?:bewiesen|erwiesen|belegt|nachgewiesen|bestätigt)e?,? (?:dass|gegen|bei|wirk\w*|hilft)|\bin klinischen studien (?:bewiesen|belegt|nachgewiesen|bestätigt)\b|\bklinische studien (?:beweisen|belegen|bestätigen)\b|\b\d von 10 ärzten\b",
    "fr": r"\b(?:cliniquement|scientifiquement|médicalement) (?:prouvé|démontré|testé)e?s? (?:pour|contre)\b|\b(?:prouvé|démontré)e?s? (?:cliniquement|par des études cliniques)\b|\bétudes cliniques (?:prouvent|montrent|démontrent)\b|\b\d médecins sur 10\b",
    "es": r"\b(?:clínicamente|científicamente|médicamente) (?:probad|comprobad|demostrad)[oa]s? (?:para|que|contra)\b|\b(?:probad|comprobad|demostrad)[oa]s? clínicamente\b|\bestudios clínicos (?:demuestran|prueban|confirman)\b|\b\d de cada 10 médicos\b",
    "pt": r"\b(?:clinicamente|cientificamente) (?:provad|comprovad|testad)[oa]s? (?:para|que|contra)\b|\b(?:provad|comprovad)[oa]s? clinicamente\b|\bestudos clínicos (?:comprovam|provam|mostram)\b|\b\d em cada 10 médicos\b",
    "it": r"\b(?:clinicamente|scientificamente) (?:provat|dimostrat|testat)[oaie] (?:per|che|contro)\b|\bstudi clinici (?:dimostrano|provano|confermano)\b|\b\d medici su 10\b",
    "nl": r"\b(?:klinisch|wetenschappelijk|medisch) bewezen (?:dat|tegen|bij|te)\b|\bklinische studies (?:bewijzen|tonen aan)\b|\b\d op de 10 artsen\b",
    "pl": r"\b(?:klinicznie|naukowo) (?:potwierdzon|udowodnion|przetestowan)\w+ (?:działanie|skuteczność)\b|\bbadania kliniczne (?:potwierdzają|dowodzą|wykazały)\b|\b\d na 10 lekarzy\b",
    "tr": r"\bklinik (?:olarak|çalışmalarla|araştırmalarla) (?:kanıtlanmış|kanıtlandı|ispatlanmış|onaylanmış)\b|\bbilimsel olarak kanıtlanmış (?:etki|şifa|tedavi)\w*|\b10 doktordan \d\w*\b",
    "idms": r"\b(?:teruji|terbukti|diuji) (?:secara )?klini(?:s|kal)\b|\bujian klinikal membuktikan\b|\buji klinis membuktikan\b",
    "vi": r"(?<!\w)(?:đã được )?(?:chứng minh|kiểm chứng|kiểm nghiệm) lâm sàng(?!\w)|(?<!\w)thử nghiệm lâm sàng (?:chứng minh|cho thấy)(?!\w)",
    "th": r"ผ่านการทดสอบทางคลินิก|ทดสอบทางคลินิกแล้ว|งานวิจัยทางคลินิกยืนยัน|พิสูจน์แล้วทางการแพทย์",
    "ja": r"臨床試験で(?:実証|証明|確認)|臨床(?:的に)?(?:実証|証明)済み|医学的に(?:証明|実証)|臨床データで(?:実証|証明)|医師の\d+割が",
    "ko": r"임상 ?(?:시험|실험|연구)(?:으로|에서|을 통해) (?:입증|증명|확인)|의학적으로 (?:입증|증명)|임상 ?(?:시험|실험) 완료",
    "zh": r"临床(?:试验|实验|研究)(?:证明|证实|验证)|经临床(?:验证|证实|证明)|医学(?:证明|证实)|权威临床",
    "ar": r"(?:مثبت|مثبتة|ثبت|أثبتت|اثبتت) (?:علميا|علمياً|طبيا|طبياً|سريريا|سريرياً)|التجارب السريرية (?:أثبتت|اثبتت|تثبت)|(?:أطباء|اطباء) من كل 10",
    "hi": r"क्लिनिकल (?:ट्रायल|टेस्ट|परीक्षण) (?:में|से) (?:साबित|प्रमाणित)|चिकित्सकीय रूप से (?:साबित|प्रमाणित)|वैज्ञानिक रूप से (?:साबित|प्रमाणित)",
}

# ---- medicine_replaced: the product offered instead of a medicine, a prescription or a doctor (Directive 2001/83
# art. 90(a), CAP Code 12.2 "must not discourage essential treatment", FTC guidance, ASCI chapter III); the mandated
# disclaimers that say the opposite ("本品不能代替药物", "không có tác dụng thay thế thuốc chữa bệnh") are read out
REPLACED = {
    "en": r"\binstead of (?:your |taking )?(?:medication|medications|medicines?|pills|prescriptions?|insulin|inhalers?|statins|antibiotics|painkillers|chemo(?:therapy)?)\b|\b(?:throw|toss) (?:away |out )?your (?:pills|glasses|inhaler|medication|medicines?)\b|\bstop taking your (?:medication|medicines?|pills|insulin)\b|\bno (?:more )?need (?:for|of) (?:medication|medicines?|pills|insulin|surgery|a doctor)\b|\bno (?:more )?need to see a doctor\b",
    "de": r"\b(?:statt|anstelle von|anstatt) (?:ihrer |deiner )?(?:medikamente\w*|tabletten|pillen|insulin|antibiotika|schmerzmittel\w*)\b|\b(?:medikamente|tabletten|insulin) (?:einfach )?absetzen\b|\bwerfen? sie (?:ihre )?(?:brille|tabletten) weg\b|\bnie wieder (?:tabletten|medikamente|insulin)\b",
    "fr": r"\b(?:au lieu de|à la place de|remplace) (?:vos |tes |les )?(?:médicaments|comprimés|pilules|insuline|antibiotiques|traitements?)\b|\bjetez (?:vos )?(?:lunettes|médicaments|comprimés)\b|\bplus besoin de (?:médicaments|comprimés|lunettes|médecin|chirurgie)\b",
    "es": r"\b(?:en lugar de|en vez de|sustituye a|reemplaza a) (?:tus |sus |los |las )?(?:medicamentos|medicinas|pastillas|insulina|antibióticos|tratamientos?)\b|\b(?:tira|deja|olvídate de) (?:tus |sus |las |los )?(?:pastillas|medicamentos|lentes|gafas)\b|\bya no necesitas? (?:medicamentos|pastillas|insulina|lentes|gafas)\b",
    "pt": r"\b(?:no lugar d[oae]s?|em vez d[oae]s?|substitui) (?:seus |os |as )?(?:remédios|medicamentos|comprimidos|insulina|antibióticos)\b|\b(?:largue|jogue fora|abandone) (?:seus |os |as )?(?:remédios|medicamentos|óculos|comprimidos)\b|\bnão precisa mais de (?:remédios?|medicamentos|óculos|insulina)\b",
    "it": r"\b(?:al posto de(?:i|l|lle)|invece de(?:i|l|lle)|sostituisce i) (?:tuoi )?(?:farmaci|medicine|pillole|insulina|antibiotici)\b|\b(?:butta|getta) (?:via )?(?:gli occhiali|i farmaci|le pillole)\b|\baddio (?:ai )?(?:farmaci|pillole|occhiali)\b",
    "nl": r"\b(?:in plaats van|vervangt) (?:je |uw )?(?:medicijnen|medicatie|pillen|insuline|antibiotica)\b|\bgooi (?:je |uw )?(?:bril|pillen|medicijnen) weg\b|\bgeen (?:medicijnen|pillen|insuline|bril) meer nodig\b",
    "pl": r"\b(?:zamiast|zastępuje) (?:leków|lekarstw|tabletek|insuliny|antybiotyków|leki|tabletki)\b|\b(?:wyrzuć|odstaw) (?:okulary|leki|tabletki)\b|\bbez potrzeby (?:brania )?leków\b",
    "tr": r"\bilaç(?:lar)?(?:ınız)?(?:ın)? yerine\b|\bilaçlarınızı (?:bırakın|atın)\b|\bgözlüğünüzü (?:atın|çıkarın)\b|\bilaca (?:gerek|ihtiyaç) (?:kalmadan|yok)\b",
    "idms": r"\bpengganti (?:obat|ubat)\b|\b(?:ganti|gantikan) (?:obat|ubat) (?:dokter|anda)\b|\bbuang (?:kacamata|cermin mata|obat|ubat)\b|\btak perlu (?:lagi )?(?:obat|ubat|insulin)\b|\btidak perlu (?:lagi )?(?:obat|insulin)\b",
    "vi": r"(?<!tác dụng )(?<!có tác dụng )thay thế (?:thuốc|thuốc chữa bệnh)|(?<!\w)bỏ (?:kính|thuốc tây|thuốc)(?!\w)|(?<!\w)không cần (?:uống |dùng )?thuốc(?!\w)",
    "th": r"ทดแทนยา|แทนการกินยา|แทนยา|เลิกใส่แว่น|ทิ้งแว่น|ไม่ต้องใช้อินซูลิน",
    "ja": r"薬の代わり|薬に頼らない|メガネいらず|眼鏡いらず|メガネが不要|インスリン不要|薬をやめられ",
    "ko": r"약 대신|약을 대신|약을 끊|안경을 벗|안경 없이|인슐린 없이",
    "zh": r"(?<!不能)(?<!不可)(?<!不得)(?<!不能够)(?:代替|替代|取代)(?:药物|药品|吃药)|告别眼镜|摘掉眼镜|扔掉眼镜|停掉降压药|停掉胰岛素",
    "ar": r"(?:بدلا من|بدلاً من|بديل) (?:الأدوية|الادوية|الدواء|العلاج|الإنسولين|الانسولين)|(?:استغن|استغني) عن (?:النظارة|الدواء|الأدوية|الادوية)|ارم (?:النظارة|الأدوية|الادوية)",
    "hi": r"दवा(?:ओं|इयों)? की जगह|दवा(?:ओं|इयों)? की जरूरत नहीं|दवा(?:ई)? छोड़|चश्मा (?:हटाओ|हटाएं|उतार)",
}

# ---- professional_recommends: a doctor, a named Dr. or a health professional recommending, prescribing or endorsing
# the product (Regulation 1924/2006 art. 12(c): no claim "which make[s] reference to recommendations of individual
# doctors or health professionals"; FTC Endorsement Guides 16 CFR 255.3 (expert endorsements); 广告法 art. 18(5) and
# 28 (CN: 医生 endorsing a 保健食品); 46通知 (JP); 식품표시광고법 art. 8(1)7 (KR: 의사 추천)). The subject within a
# short clause before the verb; the verb said of a job, a check-up or the reader's own doctor is read out.
PRO = {
    "en": r"\b(?:doctors?|physicians?|dr\.? [A-Z][a-z]+|pharmacists?|nutritionists?|dietitians?|cardiologists?|gastroenterologists?|paediatricians?|pediatricians?|naturopaths?|ayurvedic doctors?|tv doctors?)\b[^.!?\n]{0,50}?\b(?:recommends?|recommending|endorses?|endorsing|prescribes?|prescribing|swears? by|trusts?|approves?|vouches? for)\b",
    "de": r"\b(?:ärzte|arzt|ärztin|dr\. [A-ZÄÖÜ]\w+|apotheker(?:in|innen)?|heilpraktiker(?:in)?|ernährungsberater(?:in)?|kardiologen?)\b[^.!?\n]{0,40}?\b(?:empfiehlt|empfehlen|empfohlen|verschreibt|verschreiben|schwört auf|schwören auf|vertraut auf|vertrauen auf)\b",
    "fr": r"\b(?:médecins?|docteurs?|dr\.? [A-Z]\w+|pharmaciens?|nutritionnistes?|cardiologues?|pédiatres?|naturopathes?)\b[^.!?\n]{0,40}?\b(?:recommande(?:nt)?|recommandé|conseille(?:nt)?|prescri(?:t|vent)|approuve(?:nt)?)\b",
    "es": r"\b(?:médicos?|doctor(?:es|a)?|dr(?:a)?\.? [A-Z]\w+|farmacéutic[oa]s?|nutriólog[oa]s?|nutricionistas?|cardiólog[oa]s?|pediatras?)\b[^.!?\n]{0,40}?\b(?:recomienda(?:n)?|recomendado|receta(?:n)?|aprueba(?:n)?|avala(?:n)?)\b",
    "pt": r"\b(?:médic[oa]s?|doutor(?:es|a)?|dr(?:a)?\.? [A-Z]\w+|farmacêutic[oa]s?|nutricionistas?|cardiologistas?|pediatras?)\b[^.!?\n]{0,40}?\b(?:recomenda(?:m)?|recomendado|receita(?:m)?|aprova(?:m)?|indica(?:m)?)\b",
    "it": r"\b(?:medic[oi]|dottor(?:e|i|essa)?|dott\.(?:ssa)? [A-Z]\w+|farmacist[ai]|nutrizionist[ai]|cardiolog[oi]|pediatr[ai])\b[^.!?\n]{0,40}?\b(?:consiglia(?:no)?|consigliato|raccomanda(?:no)?|raccomandato|prescriv(?:e|ono))\b",
    "nl": r"\b(?:artsen|arts|dokters?|huisarts(?:en)?|dr\. [A-Z]\w+|apothekers?|diëtisten?)\b[^.!?\n]{0,40}?\b(?:raadt|raden|aanbevolen|beveelt|bevelen|schrijft|schrijven|zweert bij|zweren bij)\b",
    "pl": r"\b(?:lekarze|lekarz|doktor|dr [A-ZŁŚŻ]\w+|farmaceu(?:ta|ci)|dietety(?:k|cy)|kardiolo(?:g|dzy))\b[^.!?\n]{0,40}?\b(?:poleca(?:ją)?|zaleca(?:ją)?|przepisuje|przepisują|rekomenduj(?:e|ą))\b",
    "tr": r"\b(?:doktor(?:lar|umuz)?|hekim(?:ler)?|dr\. [A-ZÇĞİÖŞÜ]\w+|eczacı(?:lar)?|diyetisyen(?:ler)?|uzman(?:lar)?)\b[^.!?\n]{0,40}?\b(?:öneriyor(?:lar)?|öneri(?:r|yor)|tavsiye ediyor(?:lar)?|tavsiye eder)\b",
    "idms": r"\b(?:dokter|doktor|dr\. [A-Z]\w+|apoteker|ahli gizi|pakar perubatan)\b[^.!?\n]{0,40}?\b(?:merekomendasikan|menyarankan|menganjurkan|mengesyorkan|menyarankan|meresepkan)\b",
    "vi": r"(?<!\w)(?:bác sĩ|bác sỹ|dược sĩ|chuyên gia dinh dưỡng)(?!\w)[^.!?\n]{0,30}?(?<!\w)(?:khuyên dùng|khuyên|tin dùng|kê đơn|khuyến nghị)(?!\w)",
    "th": r"(?:แพทย์|หมอ|คุณหมอ|เภสัชกร|นักโภชนาการ)[^.!?\n]{0,20}?(?:แนะนำ|รับรอง|ยืนยัน|สั่งจ่าย)",
    "ja": r"(?:医師|医者|ドクター|薬剤師|管理栄養士)(?:が|も|の)?(?:推薦|推奨|おすすめ|愛用|太鼓判)",
    "ko": r"(?:의사|한의사|약사|영양사)(?:가|들이|도|들도|님이|님도)? ?(?:추천|권장|인정|극찬|처방)",
    "zh": r"(?:医生|医师|老中医|药剂师|营养师)(?:都|也|们|强烈|力|极力)?(?:推荐|力荐|认可|在用|在喝|首选)",
    "ar": r"(?:الأطباء|الاطباء|طبيب|الطبيب|د\. ?\S+|الدكتور \S+|الصيادلة|أخصائي التغذية)[^.!?\n]{0,30}?(?:ينصح|ينصحون|يوصي|يوصون|يصف|يصفون|توصي|ينصحك)",
    "hi": r"(?:डॉक्टर|डॉक्टरों|वैद्य|चिकित्सक)(?:\s(?:भी|द्वारा))?[^.!?।\n]{0,20}?(?:सलाह देते|सुझाते|रिकमेंड|की पसंद|द्वारा सुझाया)",
}

# ---- named_condition: a verb of cure, treatment or prevention + a condition named the way ICD-11 names one: by its
# medical suffix (-itis inflammations, -osis/-ose degenerations, -pathy, -aemia) or by a chapter's generic head noun
# (syndrome, disorder, failure, deficiency, ulcer, infection) - the open class the closed disease lists cannot hold.
# Languages where the suffix is unambiguous; French/Portuguese/Italian -ite collides with everyday words.
NAMED = {
    "en": (r"\b(?:cures?|curing|heals?|healing|treats?|treating|prevents?|preventing|reverses?|reversing|relieves?|fights?|beats?|eliminates?)\b",
           r"\b(?:\w{3,}(?:itis|osis|opathy|aemia|emia)|(?:irritable bowel|chronic fatigue|metabolic|polycystic ovary|restless legs?) syndrome|(?:kidney|renal|liver|heart) (?:failure|disease)|(?:stomach|peptic|mouth|gastric) ulcers?|ulcers|(?:urinary|yeast|fungal|bladder|sinus|ear) infections?)\b"),
    "de": (r"\b(?:heilt|heilen|kuriert|behandelt|behandeln|verhindert|verhindern|beugt|lindert|lindern|bekämpft|beseitigt)\b",
           r"\b(?:\w{3,}itis|arthrose|osteoporose|thrombose|\w{3,}pathie|anämie|reizdarm(?:syndrom)?|(?:nieren|herz|leber)(?:insuffizienz|schwäche|versagen)|magengeschwür\w*|geschwüre|blasenentzündung|nebenhöhlenentzündung|pilzinfektion\w*|\w+entzündung(?:en)?)\b"),
    "es": (r"\b(?:cura|curan|sana|trata|tratan|previene|previenen|alivia|alivian|combate|combaten|elimina|acaba con)\b",
           r"\b(?:\w{3,}itis|\w{3,}osis|\w{3,}patía|anemia|síndrome de \w+|colon irritable|insuficiencia (?:renal|cardiaca|hepática)|úlceras?(?: gástricas?| de estómago)?|infecciones? (?:urinarias?|vaginales?|de orina))\b"),
    "nl": (r"\b(?:geneest|genezen|behandelt|voorkomt|verlicht|bestrijdt)\b",
           r"\b(?:\w{3,}itis|artrose|osteoporose|trombose|bloedarmoede|prikkelbare darm(?:syndroom)?|nierfalen|hartfalen|maagzweer|blaasontsteking|\w+ontsteking(?:en)?)\b"),
    "pl": (r"\b(?:leczy|leczą|wyleczy|zapobiega|zapobiegają|łagodzi|zwalcza|likwiduje)\b",
           r"\b(?:\w{3,}ozy|\w{3,}oz[aęy]|wrzod\w+|niewydolnoś\w+ (?:nerek|serca|wątroby)|zespół \w+|anemi\w+|niedokrwistoś\w+|zapaleni\w+ \w+)\b"),
    "tr": (r"\b(?:tedavi eder|iyileştirir|önler|geçirir|yok eder|giderir)\b",
           r"\b(?:gastrit\w*|kolit\w*|sinüzit\w*|bronşit\w*|artrit\w*|hepatit\w*|sistit\w*|dermatit\w*|osteoporoz\w*|ülser\w*|anemi\w*|kansızlı\w+|böbrek yetmezliği\w*|kalp yetmezliği\w*|\w+ iltihab\w+|idrar yolu enfeksiyon\w*)\b"),
    "idms": (r"\b(?:menyembuhkan|sembuhkan|mengobati|obati|mengubati|ubati|mencegah|cegah|meredakan|mengatasi|atasi)\b",
             r"\b(?:\w{3,}itis|maag kronis|tukak lambung|ulser|anemia|kurang darah|gagal ginjal|gagal jantung|radang \w+|infeksi saluran kemih|osteoporosis|pengeroposan tulang)\b"),
}

# A licensed medicine's licence line or a mandated leaflet line within the window clears the claim.
LICENCE = [
    r"\b(?:PZN|Zul\.?-?Nr\.?|AUST [LR]|Reg\.? ?No\.?|Registration No\.?|Mfg\.? Lic\.?|N° AMM|AMM n°|AIC n\.?|RVG ?\d|Reg\. ?ANVISA|Registro (?:Sanitario|ANVISA|MS)|MS ?n?º ?\d|Pozwolenie nr|ruhsat (?:no|tarihi)|BPOM RI|POM [A-Z]{2} ?\d|MAL ?\d{6,}|SĐK|Số đăng ký|GPQC|COFEPRIS)\b",
    r"zu risiken und nebenwirkungen|lesen sie die packungsbeilage|lire attentivement la notice|leggere attentamente il foglio illustrativo|lea las instrucciones de este medicamento|consulte a su médico o farmacéutico|se persistirem os sintomas|lees (?:voor gebruik )?de bijsluiter|przed użyciem zapoznaj się z ulotką|kullanmadan önce prospektüsü|always read the (?:label|leaflet)|use only as directed|this is a medicine|baca aturan pakai|jika sakit berlanjut|đọc kỹ hướng dẫn sử dụng|ก่อนใช้ยา|อ่านคำเตือนในฉลาก|ทะเบียนยา|第[1-3１-３一二三]類医薬品|医薬部外品|医薬品です|请按药品说明书|国药准字|药品广告|사용상의 주의사항|의약품입니다|اقرأ النشرة|رقم التسجيل",
    # a food licensed for its claim: China's 保健食品 (blue hat, its mandated "本品不能代替药物"), Korea's 건강기능식품,
    # Japan's 特定保健用食品 and 機能性表示食品 (届出番号)
    r"保健功能|国食健|卫食健|本品不能代替药物|건강기능식품|特定保健用食品|機能性表示食品|届出番号",
]


def _alt(order: str, verbs: str, objects: str) -> list[str]:
    """The regexes for one language's verb and object pieces in its word order (within one clause)."""
    vo = f"(?:{verbs}){GAP}(?:{objects})"
    ov = f"(?:{objects}){GAP}(?:{verbs})"
    if order == "vo":
        return [vo]
    if order == "ov":
        return [ov]
    if order == "both":
        return [vo, ov]
    if order == "vo_tight":  # Thai: no spaces, the object straight after the verb or one short word on
        return [f"(?:{verbs}){GAP_TIGHT}(?:{objects})"]
    if order == "ov_tight":  # Japanese / Korean: the object and its particle, then the verb
        return [f"(?:{objects}){GAP_TIGHT}(?:{verbs})"]
    if order == "vo_zero":  # Chinese: 养胃, 护肝, 补肾 (verb-object compounds)
        return [f"(?:{verbs})(?:{objects})"]
    raise ValueError(order)


SOURCE_GRAMMAR = {
    "name": "Regulation (EU) 1169/2011 art. 7(3) and 1924/2006 art. 2(2)(6), 10, 12-14; FTC Health Products Compliance Guidance (2022); 广告法 art. 17, 28 (CN); 식품 등의 표시·광고에 관한 법률 art. 8(1) (KR); 医薬品医療機器等法 art. 66-68 and 46通知 別紙 (医薬品的な効能効果) (JP); Gıda ve Takviye Edici Gıdaların Sağlık Beyanları Yönetmeliği (TR); BPOM 1/2022 (ID); Nghị định 15/2018 art. 26 (VN); Thai FDA Notification 294; Drugs and Magic Remedies Act 1954 s.3 (IN); organs and body systems from ICD-11's chapter titles and MeSH Anatomy [A03-A10]",
    "url": "https://eur-lex.europa.eu/eli/reg/2011/1169/oj",
}


def rules() -> dict:
    organ = [p for verbs, objs, order in ORGAN.values() for p in _alt(order, verbs, objs)] + EXTRA_ORGAN
    specs = [
        {
            "id": "global.health.organ_cure",
            "type": "pattern",
            "category": "health_claim",
            "severity": "warn",
            "message": "The copy says the product cures, repairs, regenerates or cleanses an organ or body system (the stomach, liver, kidneys, gut, blood...); that is a claim to treat or prevent disease, reserved for authorised medicines.",
            "suggestion": "Drop the organ claim, or use only an authorised health claim in its approved wording; a licensed medicine keeps its licence line beside the claim.",
            "source": SOURCE_GRAMMAR,
            "applies_to": {"kinds": ["copy", "video_script", "image_prompt"]},
            "patterns": organ,
            "unless": LICENCE,
            "window": 400,
            "examples": {
                "match": [
                    "Our bitter tonic heals your stomach and repairs the liver in a week.",
                    "Dieser Tee reinigt die Nieren und regeneriert die Leber.",
                    "Cette cure détox nettoie le foie et purifie le sang.",
                    "Un jugo verde que depura el hígado y regenera tus riñones.",
                    "Este chá regenera o fígado.",
                    "Il nostro estratto rigenera il fegato.",
                    "Deze kruidenthee reinigt de nieren.",
                    "Nasz syrop oczyszcza wątrobę i regeneruje nerki.",
                    "Bu bitki çayı mideyi iyileştirir, böbrekleri temizler.",
                    "Jamu ini menyembuhkan lambung dan membersihkan ginjal.",
                    "Trà thảo mộc giúp thải độc gan, bổ thận.",
                    "ชาสมุนไพรนี้บำรุงตับ ล้างพิษไต",
                    "このお茶で胃腸を修復、肝臓の働きを高める。",
                    "이 차는 간에 좋은 전통 음료입니다.",
                    "每天一杯，养胃护肝。",
                    "هذا الشاي ينظف الكلى ويقوي الكبد",
                    "यह काढ़ा लिवर को डिटॉक्स करता है",
                ],
                "no_match": [
                    "A cure for boredom: our new board games.",
                    "Music that heals the soul.",
                    "Your skin feels soft all day; the cream moisturises.",
                    "Sore muscles after a hike? Our bath salts smell of pine.",
                    "Dry-cured ham with chicken liver pâté.",
                    "Limpia el hígado de pollo y dóralo en mantequilla.",
                    "Treat your gut to our new sourdough.",
                    "Gaviscon soothes heartburn and protects the stomach. Always read the label.",
                    "Magenbitter heilt den Magen. Zu Risiken und Nebenwirkungen lesen Sie die Packungsbeilage.",
                    "Lagu ini menyembuhkan hati yang luka.",
                    "นโยบายรักษาข้อมูลส่วนบุคคล",
                    "来店時間に余裕をもって、胃カメラ検査のご予約を。",
                    "시간에 좋은 선물",
                    "养生馆开业，欢迎品尝。",
                ],
            },
        },
        {
            "id": "global.health.tonic_efficacy",
            "type": "pattern",
            "category": "health_claim",
            "severity": "warn",
            "message": "The copy gives the product a medicinal efficacy (lowers blood sugar or pressure, purifies the blood, cures every ailment, 疲労回復, 降三高, 补肾, her derde deva); such claims are for authorised medicines.",
            "suggestion": "Remove the efficacy claim; describe the product (taste, ingredients, origin) or use an authorised claim in its approved wording.",
            "source": SOURCE_GRAMMAR,
            "applies_to": {"kinds": ["copy", "video_script", "image_prompt"]},
            "patterns": list(TONIC.values()),
            "unless": LICENCE + [r"温泉|泉質|適応症|入浴剤|sugar-free|sans sucre|zuckerfrei|无糖"],
            "window": 400,
            "examples": {
                "match": [
                    "朝の一杯で疲労回復、若返りを実感。",
                    "瓷杯泡茶，降三高、补肾。",
                    "Köy balı her derde deva!",
                    "العسل الأسود شفاء لكل داء",
                    "यह जूस खून साफ करता है",
                    "A bitter melon tea that lowers your blood sugar naturally.",
                    "이 차를 마시면 혈당을 낮춰 줍니다.",
                    "Trà giúp hạ đường huyết tự nhiên.",
                    "ชานี้ช่วยลดน้ำตาลในเลือด",
                    "Minuman ini menurunkan gula darah secara alami.",
                    "Our maca blend boosts sperm count in 30 days.",
                    "喝了一个月，失眠全好了。",
                    "Nuestro té de canela te regula el azúcar en la sangre.",
                    "Licor de jambu: vigor sexual e virilidade para o casal.",
                    "Cette tisane fait baisser la tension en une semaine.",
                    "Kräuterlikör mit Manneskraft-Garantie.",
                ],
                "no_match": [
                    "源泉かけ流しの温泉。泉質：単純温泉、適応症：疲労回復。",
                    "Sugar-free lemonade, sweetened with stevia.",
                    "Bal kahvaltısı her pazar, derdinize ortak oluruz.",
                    "第3類医薬品　滋養強壮・疲労回復に。用法・用量を守ってください。",
                    "Check your blood pressure for free at our pharmacy this Saturday.",
                    "新品茶具上市，欢迎选购。",
                    "本保健食品经批准，保健功能：有助于增强免疫力。本品不能代替药物。",
                    "Controla la presión de los neumáticos gratis en nuestro taller.",
                    "Receita de bolo sem açúcar para o fim de semana.",
                ],
            },
        },
        {
            "id": "global.health.risk_group_target",
            "type": "pattern",
            "category": "health_claim",
            "severity": "warn",
            "message": "The copy sells the product to a named risk group (diabetics, people with high blood pressure, 三高人群, 糖友) as fit or recommended for them: it implies an effect on the disease.",
            "suggestion": "Remove the risk group; state the composition (no added sugar, low salt) and let readers ask their doctor.",
            "source": {
                "name": "Regulation (EU) 609/2013 recital 30 (no more 'foods for diabetics') and 1924/2006 art. 10, 14; UK FSA guidance on 'diabetic' foods (2016); 广告法 art. 28 (CN); 식품표시광고법 art. 8 (KR); 46通知 (3) (医薬品的な効能効果の暗示: 血糖値が気になる方に) (JP)",
                "url": "https://eur-lex.europa.eu/eli/reg/2013/609/oj",
            },
            "applies_to": {"kinds": ["copy", "video_script", "image_prompt"]},
            "patterns": list(RISK.values()),
            "unless": LICENCE,
            "window": 400,
            "examples": {
                "match": [
                    "Our sugar-free cookies are ideal for diabetics.",
                    "Unsere Kekse: ideal für Diabetiker.",
                    "Galletas ideales para diabéticos.",
                    "糖友放心吃的月饼。",
                    "三高人群首选。",
                    "Kurabiyelerimiz şeker hastaları için ideal.",
                    "Kue ini cocok untuk penderita diabetes.",
                    "Bánh quy tốt cho người tiểu đường.",
                    "血糖値が気になる方におすすめのお茶。",
                    "당뇨 환자에게 좋은 차",
                    "Este pan de centeno es bueno pa' los diabéticos.",
                    "น้ำพริกสูตรนี้ คนเป็นเบาหวานก็ทานได้",
                ],
                "no_match": [
                    "Free diabetes screening at our pharmacy on Saturday.",
                    "Our bakery offers a no-added-sugar range; ask us about ingredients.",
                    "Diabetes Awareness Week: walk with us.",
                    "糖果礼盒，新年快乐。",
                    "Es bueno para el bolsillo: pan de centeno a 2 pesos.",
                    "ตรวจเบาหวานฟรีที่ร้านขายยาของเรา ทุกวันเสาร์",
                ],
            },
        },
        {
            "id": "global.health.clinical_efficacy",
            "type": "pattern",
            "category": "health_claim",
            "severity": "warn",
            "message": "The copy claims clinical, medical or scientific proof of what the product does ('clinically proven to', 'proven in clinical trials', '9 out of 10 doctors'); an efficacy claim of this kind needs the trials behind it and, for a disease, an authorised medicine.",
            "suggestion": "Remove the proof claim, or name the study and state exactly what it measured.",
            "source": {
                "name": "FTC Health Products Compliance Guidance (2022) §III (clinically proven, doctor recommended); Regulation (EU) 655/2013 annex (common criteria: evidential support); CAP Code 12.1, 3.7; 广告法 art. 17 (CN); 46通知 (JP); BPOM 1/2022 (ID)",
                "url": "https://www.ftc.gov/business-guidance/resources/health-products-compliance-guidance",
            },
            "applies_to": {"kinds": ["copy", "video_script", "image_prompt"]},
            "patterns": list(CLIN.values()),
            # the basis given on the claim's face (the study, its size, its design): FTC and CAP read the claim
            # with its qualification, and the reviewer checks the study rather than the rule stopping the claim
            "unless": LICENCE + [r"\b(?:in-house|independent|randomi[sz]ed|double-blind|placebo-controlled) (?:study|trial)|\bn ?= ?\d+|\b\d+ (?:women|men|people|adults|participants|volunteers|subjects|patients|frauen|femmes|mujeres|mulheres|donne|vrouwen|kobiet|kadın)\b|\b(?:study|studie|étude|estudio|estudo|studio|badanie|çalışma)[^.!?\n]{0,40}\b(?:19|20)\d\d\b"],
            "window": 400,
            "examples": {
                "match": [
                    "Clinically proven to lower cholesterol in four weeks.",
                    "Proven in clinical trials: fewer colds this winter.",
                    "9 out of 10 doctors choose our joint gel.",
                    "In klinischen Studien belegt: weniger Erkältungen.",
                    "Estudios clínicos demuestran su eficacia.",
                    "经临床验证，有效缓解疲劳。",
                    "臨床試験で実証された効果。",
                    "임상시험으로 입증된 효과",
                    "مثبت علميا لعلاج القولون",
                    "Đã được chứng minh lâm sàng giúp giảm đau.",
                ],
                "no_match": [
                    "Clinically shown to reduce the look of fine lines in 4 weeks (independent study, 40 women, 2025).",
                    "Our clinic is hiring: Dr. Meier, head of cardiology, welcomes new nurses.",
                    "Dermatologically tested, suitable for sensitive skin.",
                    "We take part in clinical trials run by the university hospital; volunteers welcome.",
                    "Read the study we funded at example.org/trial.",
                ],
            },
        },
    ]
    specs.append(
        {
            "id": "global.health.medicine_replaced",
            "type": "pattern",
            "category": "health_claim",
            "severity": "warn",
            "message": "The copy offers the product instead of a medicine, a prescription, glasses or a doctor ('instead of your pills', 'throw away your glasses', 薬いらず); advertising must not discourage essential treatment.",
            "suggestion": "Remove the replacement claim; if the product may be used alongside treatment, say so and tell readers to keep to their doctor's advice.",
            "source": {
                "name": "Directive 2001/83/EC art. 90(a) (an advertisement must not suggest a medical consultation is unnecessary); CAP Code 12.2; FTC Health Products Compliance Guidance (2022); ASCI Code ch. III; 广告法 art. 17, 28(2)(4) (CN); Nghị định 15/2018 art. 26 (VN: 'không có tác dụng thay thế thuốc chữa bệnh' is the mandated disclaimer, read out)",
                "url": "https://eur-lex.europa.eu/eli/dir/2001/83/oj",
            },
            "applies_to": {"kinds": ["copy", "video_script", "image_prompt"]},
            "patterns": list(REPLACED.values()),
            "unless": LICENCE[:1] + [r"not a substitute for|does not replace|doesn't replace|ne remplace pas|no sustituye|não substitui|non sostituisce|ersetzt (?:keine|nicht)|vervangt geen|nie zastępuje|yerine geçmez|bukan pengganti|không phải là thuốc|ไม่ใช่ยา|医薬品ではありません|의약품이 아닙니다|本品不能代替|ليس بديلا|consult your doctor|ask your doctor|talk to your doctor"],
            "window": 400,
            "examples": {
                "match": [
                    "Take our turmeric capsules instead of your painkillers.",
                    "Throw away your glasses: eye yoga in 10 minutes a day.",
                    "Statt Tabletten: unser Kräutertee für ruhige Nächte.",
                    "Plus besoin de médicaments avec notre tisane.",
                    "Olvídate de las pastillas con nuestro té.",
                    "Ilaç yerine doğal bitki kürü.",
                    "Trà thảo mộc, không cần uống thuốc vẫn khỏe.",
                    "この青汁で薬に頼らない毎日を。",
                    "告别眼镜，每天十分钟护眼操。",
                    "خلطة طبيعية بدلا من الأدوية",
                ],
                "no_match": [
                    "This supplement is not a substitute for medicine; keep taking what your doctor prescribed.",
                    "Thực phẩm này không phải là thuốc, không có tác dụng thay thế thuốc chữa bệnh.",
                    "本品不能代替药物。",
                    "Our opticians fit glasses while you wait.",
                    "Reusable bottles instead of plastic ones.",
                ],
            },
        }
    )
    specs.append(
        {
            "id": "global.health.professional_recommends",
            "type": "pattern",
            "category": "health_claim",
            "severity": "warn",
            "message": "The copy has a doctor, a named Dr. or another health professional recommending, prescribing or endorsing the product; a food or supplement may not refer to a health professional's recommendation, and an expert endorsement needs the expert's real, substantiated view.",
            "suggestion": "Remove the professional's recommendation; if a real expert endorses the product, disclose who, on what evidence, and any payment.",
            "source": {
                "name": "Regulation (EU) 1924/2006 art. 12(c); FTC Endorsement Guides 16 CFR 255.3; 广告法 art. 18(5), 28 (CN); 식품표시광고법 art. 8(1) (KR); 46通知 (JP); CAP Code 12.5",
                "url": "https://eur-lex.europa.eu/eli/reg/2006/1924/oj",
            },
            "applies_to": {"kinds": ["copy", "video_script", "image_prompt"]},
            "patterns": list(PRO.values()),
            "unless": [r"\b(?:hiring|vacancy|vacancies|job|jobs|apply|applicants|recruit\w*|career|stellen\w*|bewerb\w*|recrut\w*|vacante|empleo|vaga|offerta di lavoro|vacature|oferta pracy|iş ilanı|lowongan|tuyển dụng)\b|ask your (?:doctor|pharmacist)|consult (?:your|a) (?:doctor|pharmacist)|if your doctor|your doctor may|fragen sie ihren arzt|demandez (?:à|a) votre (?:médecin|pharmacien)|consulte a su médico|consulte seu médico|chiedi al tuo medico|vraag uw arts|skonsultuj|doktorunuza danışın|konsultasikan|hỏi ý kiến bác sĩ|ปรึกษาแพทย์|医師にご相談|의사와 상담|咨询医生|استشر طبيبك|डॉक्टर से सलाह लें|check-?ups?|screening|vaccin\w*|impf\w*"],
            "window": 200,
            "examples": {
                "match": [
                    "Image prompt: a TV doctor in a white coat holding our supplement and recommending it.",
                    "Dr. Weber empfiehlt unseren Kräutertee bei Erkältung.",
                    "Les médecins recommandent notre tisane minceur.",
                    "Los médicos recomiendan nuestro colágeno.",
                    "Lekarze polecają nasz syrop na odporność.",
                    "Doktorlar bu balı öneriyor.",
                    "Bác sĩ khuyên dùng trà giảm cân này.",
                    "医師も推薦する青汁。",
                    "한의사가 추천하는 홍삼",
                    "老中医推荐的养生茶。",
                    "الأطباء ينصحون بهذا العسل",
                ],
                "no_match": [
                    "We're hiring: Dr. Patel's practice recommends applying before Friday.",
                    "Ask your doctor, who may recommend a blood test.",
                    "Dr. Patel, our head of cardiology, welcomes new nurses to the team.",
                    "Doctors' surgery opening hours change on Monday.",
                    "Free flu vaccination: our pharmacists recommend booking early.",
                ],
            },
        }
    )
    named = [f"(?:{o}){GAP}(?:{v})" if lang == "tr" else f"(?:{v}){GAP}(?:{o})" for lang, (v, o) in NAMED.items()]
    specs.append(
        {
            "id": "global.health.named_condition",
            "type": "pattern",
            "category": "health_claim",
            "severity": "warn",
            "message": "The copy says the product cures, treats, prevents or relieves a condition named as a disease (gastritis, osteoporosis, kidney failure, ulcers, an infection); only authorised medicines may claim that.",
            "suggestion": "Remove the disease claim; describe the product itself and refer readers to a doctor.",
            "source": {
                "name": "Regulation (EU) 1169/2011 art. 7(3) ('prevent, treat or cure a human disease'); FTC Health Products Compliance Guidance (2022); conditions as ICD-11 names them (inflammations -itis, degenerations -osis, chapter head nouns: syndrome, failure, ulcer, infection); Drugs and Magic Remedies Act 1954 (IN); BPOM 1/2022 (ID); Sağlık Beyanları Yönetmeliği (TR)",
                "url": "https://icd.who.int/browse/2024-01/mms/en",
            },
            "applies_to": {"kinds": ["copy", "video_script", "image_prompt"]},
            "patterns": named,
            "unless": LICENCE + [r"\b(?:senioritis|appendicitis surgery|screening|awareness|research|fundraiser|charity|vaccin\w*)\b"],
            "window": 400,
            "examples": {
                "match": [
                    "Our kefir heals gastritis and prevents stomach ulcers.",
                    "A daily shot that reverses osteoporosis.",
                    "Unser Tee heilt Blasenentzündung in zwei Tagen.",
                    "Este yogur cura la colitis.",
                    "Deze thee geneest blaasontsteking.",
                    "Nasz syrop leczy wrzody żołądka.",
                    "Bu çay gastriti tedavi eder.",
                    "Madu ini menyembuhkan tukak lambung.",
                ],
                "no_match": [
                    "Our cafe cures a bad case of Monday blues.",
                    "Walk for arthritis awareness this Sunday.",
                    "The hospital treats kidney failure patients in its new dialysis wing; screening is free.",
                    "Tea and cake to beat the winter gloom.",
                ],
            },
        }
    )
    return {"health30.yaml": {"pack": "global", "rules": specs}}


HEADER = (
    "# Generated by scripts/health30_rules.py (checks-health30, issue 9, r30-health): edit the grammar pieces there and\n"
    "# rerun it, never these regexes. See the r30-health section of cultural_rules/CLASSES.md.\n"
)


def main() -> None:
    from global_rule_files import write_global  # scripts/ is on the path when this runs as a script

    write_global(rules(), HEADER)


if __name__ == "__main__":
    main()
