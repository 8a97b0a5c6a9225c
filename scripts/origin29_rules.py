"""Writes cultural_rules/global/origin29.yaml and free29.yaml (checks-origin29, issue 9, r29-origin) from the
claim and condition pieces below, per language: edit the pieces here and rerun
(`.venv/bin/python scripts/origin29_rules.py`), never the generated regexes. Each rule is a claim form and a
contradicting condition; see the r29-origin section of cultural_rules/CLASSES.md."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

# ---- origin: an own-origin claim and production said to be abroad, with no country named
C = r"(?:usa|u\.s\.a?\.?|america|britain|great britain|the uk|uk|england|scotland|wales|ireland|germany|italy|france|spain|portugal|poland|holland|the netherlands|turkey|türkiye|japan|korea|india|indonesia|malaysia|vietnam|thailand|mexico|brazil|canada|australia|sweden|denmark|switzerland|europe|the uae|uae|saudi arabia)"
MADE_IN = rf"\bmade in (?:the )?{C}\b"  # written in English in every market's copy
EN_CLAIM = (
    MADE_IN
    + r"|\b(?:british|american|german|italian|french|swiss|japanese|korean|indian|spanish|mexican)[- ]made\b|\b100 ?% (?:british|american|german|italian|french|spanish|mexican|indian|thai|dutch|polish|brazilian|local)\b|\bproudly (?:british|american|canadian|australian|indian|mexican|made in)\b|\bswadeshi\b|\bvocal for local\b"
)
CLAIM = {
    "en": (
        EN_CLAIM,
        r"\b(?:made|produced|manufactured|sewn|stitched|assembled|crafted|built|packed|bottled|knitted|woven)\b(?:[ ,]+[\w'-]+){0,4}?[ ,]+(?:overseas|abroad|offshore|in asia|in the far east)\b|\b(?:overseas|offshore|foreign|asian) (?:factory|factories|plant|plants|workshops?|manufacturers?|suppliers?|partner factor(?:y|ies))\b|\b(?:overseas|abroad|offshore)[- ](?:made|produced|manufactured|sewn|assembled)\b",
    ),
    "de": (
        r"\bhergestellt in deutschland\b|\bproduziert in deutschland\b|\bdeutsche (?:wertarbeit|qualität|produktion)\b|\baus deutscher (?:produktion|herstellung|fertigung)\b|\bdeutsches produkt\b|\b100 ?% (?:deutsch\w*|made in germany)",
        r"\b(?:gefertigt|produziert|hergestellt|genäht|montiert|gefertigt|verarbeitet)\b[^\n.!?]{0,40}?\b(?:im ausland|in asien|in fernost|außerhalb (?:deutschlands|der eu|europas))\b|\b(?:im ausland|in asien|in fernost)\b[^\n.!?]{0,30}?\b(?:gefertigt|produziert|hergestellt|genäht|montiert|fertigen|produzieren|nähen)\b|\bausländische[nm]? (?:werk|werken|fabrik\w*|partnerwerk\w*|zulieferer\w*)\b",
    ),
    "fr": (
        r"\bfabriqu[ée]\w* en france\b|\bfabrication française\b|\bproduit (?:en|de) france\b|\borigine france\b|\b100 ?% français\w*|\bconçu et fabriqué en france\b|\bfabriqu[ée]\w* au (?:québec|canada)\b",
        r"\b(?:fabriqu\w*|produit\w*|assembl\w*|cousu\w*|confectionn\w*|réalisé\w*|tricot\w*)\b[^\n.!?]{0,40}?(?:à l'étranger|à l’étranger|\ben asie\b|\bhors de france\b|\bhors (?:de l')?ue\b|\bhors d'europe\b)|(?:à l'étranger|à l’étranger)[^\n.!?]{0,10}?\b(?:fabriqu\w*|produit\w*|assembl\w*)|\busines? (?:à l'étranger|à l’étranger|étrangères?)\b",
    ),
    "es": (
        r"\bhech[oa] en (?:españa|méxico|mexico)\b|\bfabricad[oa]s? en (?:españa|méxico|mexico)\b|\b100 ?% (?:español|española|mexican[oa])s?\b|\bproducto (?:español|mexicano|nacional)\b|\bfabricación (?:española|nacional)\b",
        r"\b(?:fabricad|producid|ensamblad|hech|elaborad|cosid|confeccionad|manufacturad)\w*\b[^\n.!?]{0,40}?\b(?:en el extranjero|fuera de (?:españa|méxico|mexico|europa)|en asia)\b|\ben el extranjero\b[^\n.!?]{0,10}?\b(?:fabricad|producid|ensamblad)\w*|\bfábricas? (?:en el extranjero|extranjeras?)\b",
    ),
    "it": (
        r"\bmade in italy\b|\bprodott[oaie] in italia\b|\bfabbricat[oaie] in italia\b|\b100 ?% italian[oaie]\b|\bproduzione italiana\b|\beccellenza italiana\b",
        r"\b(?:prodott|fabbricat|realizzat|assemblat|cucit|confezionat|lavorat)\w*\b[^\n.!?]{0,40}?(?:all'estero|all’estero|\bin asia\b|\bfuori (?:dall'italia|dall’italia|italia|europa)\b)|(?:all'estero|all’estero)[^\n.!?]{0,10}?\b(?:prodott|fabbricat|realizzat)\w*|\bstabiliment\w* (?:all'estero|esteri)\b",
    ),
    "pl": (
        r"\bwyproduk\w* w polsce\b|\bpolski produkt\b|\bprodukt polski\b|\b100 ?% polsk\w*|\bpolska produkcja\b|\bszyte w polsce\b|\bmade in poland\b",
        r"\b(?:produkowan|wyprodukowan|szyt|szyjemy|wytwarzan|montowan|produkujemy|wytwarzamy)\w*\b[^\n.!?]{0,40}?\b(?:za granicą|w azji|poza polską|poza ue)\b|\bza granicą\b[^\n.!?]{0,10}?\b(?:produkowan|wyprodukowan|szyt|wytwarzan)\w*|\bzagraniczn\w* (?:fabryk\w*|zakład\w*|szwalni\w*)",
    ),
    "nl": (
        r"\bgemaakt in nederland\b|\bmade in holland\b|\b(?:echt )?(?:nederlands|hollands) product\b|\b100 ?% (?:nederlands|hollands)\b",
        r"\b(?:geproduceerd|gemaakt|vervaardigd|geassembleerd|genaaid|geproduceerd)\b[^\n.!?]{0,40}?\b(?:in het buitenland|in azië|buiten (?:nederland|europa))\b|\bin het buitenland\b[^\n.!?]{0,10}?\b(?:geproduceerd|gemaakt|vervaardigd)\b|\bbuitenlandse (?:fabriek\w*|productie)\b",
    ),
    "pt": (
        r"\bfeito no brasil\b|\bfabricad[oa]s? no brasil\b|\bproduzid[oa]s? no brasil\b|\b100 ?% brasileir[oa]s?\b|\bproduto nacional\b|\bmade in brazil\b",
        r"\b(?:fabricad|produzid|montad|feit|costurad|confeccionad)\w*\b[^\n.!?]{0,40}?\b(?:no exterior|fora do (?:brasil|país)|na ásia)\b|\bno exterior\b[^\n.!?]{0,10}?\b(?:fabricad|produzid|montad)\w*|\bfábricas? (?:no exterior|estrangeiras?)\b",
    ),
    "tr": (
        r"\byerli (?:malı|üretim\w*)|\btürk malı\b|\btürkiye'de üretil\w*|\bmade in t[üu]rk(?:iye|ey)\b|(?:\b100 ?%|%\s?100) yerli\b",
        r"\b(?:yurt ?dışında|yurtdışında|asya'da)\b[^\n.!?]{0,30}?\b(?:üretil\w*|imal edil\w*|dikil\w*|monte edil\w*|ürettiriyoruz|üretiyoruz)|\byurt ?dışındaki (?:fabrika\w*|tesis\w*)",
    ),
    "idms": (
        r"\bbuatan (?:indonesia|malaysia)\b|\bproduk (?:asli )?(?:indonesia|malaysia)\b|\bproduk dalam negeri\b|\bproduk tempatan\b|\bkeluaran malaysia\b|\bmade in (?:indonesia|malaysia)\b|\b100 ?% (?:lokal|tempatan)\b",
        r"\b(?:diproduksi|dibuat|diproses|dikilangkan|dihasilkan|dirakit|dijahit|dikeluarkan)\b[^\n.!?]{0,30}?\b(?:(?:di )?luar (?:negeri|negara)|di asia)\b|\b(?:pabrik|kilang) (?:di )?luar (?:negeri|negara)\b",
    ),
    "vi": (
        r"\bhàng việt(?: nam)?\b|\bsản xuất tại việt nam\b|\bmade in vietnam\b",
        r"\b(?:sản xuất|gia công|lắp ráp|may)\b[^\n.!?]{0,20}?\b(?:ở|tại) nước ngoài\b|\bnhà máy (?:ở |tại )?nước ngoài\b",
    ),
    "th": (
        r"สินค้าไทย|ผลิตใน(?:ประเทศ)?ไทย|\bmade in thailand\b",
        r"(?:ผลิต|ประกอบ|แปรรูป|บรรจุ)[^\n]{0,15}?ต่างประเทศ|โรงงาน(?:ใน|ที่)?ต่างประเทศ",
    ),
    "ja": (
        r"日本製|純国産|国産|メイドインジャパン|\bmade in japan\b",
        r"海外(?:の)?(?:提携|協力|委託)?(?:工場|生産|製造|縫製)|海外で(?:製造|生産|縫製|組み立て|組立)",
    ),
    "ko": (
        r"국산|국내산|\bmade in korea\b|메이드 ?인 ?코리아",
        r"해외\s?(?:공장|생산|제조|협력\s?공장)|해외에서\s?(?:생산|제조|만든|만들)|외국\s?공장",
    ),
    "zh": (r"国货|国产|中国制造|本土生产", r"(?:海外|国外|境外)(?:代工|工厂|生产|制造|加工)"),
    "ar": (
        r"صنع في (?:السعودية|الإمارات)|صناعة (?:سعودية|إماراتية|محلية|وطنية)|منتج (?:سعودي|إماراتي|وطني|محلي)",
        r"(?:يُصنع|يصنع|صُنع|صنع|مصنوع|مصنوعة|مصنّع|يُنتج|ينتج|إنتاج|تصنيع)[^\n.!؟]{0,20}?(?:في الخارج|خارج (?:المملكة|الدولة|الإمارات))|مصانع (?:في )?الخارج",
    ),
    "hi": (r"मेड इन इंडिया|भारत में (?:निर्मित|बना)|स्वदेशी", r"विदेश (?:में )?(?:निर्मित|बना|बनाया|तैयार)|विदेशी (?:फैक्ट्री|कारखान)"),
}

# ---- free: a free word and a fee beyond the delivery cost (UCPD Annex I no. 20)
FREE = r"(?<![-\w])free\b(?!-)|\bgratis\b|\bkostenlos\w*|\bumsonst\b|\bgratuit\w*|\boffert(?:e|s|es)?\b|\bin omaggio\b|\bgrátis\b|\bza darmo\b|\bdarmow\w*|\bbedava\b|\bücretsiz\b|\bpercuma\b|\bmiễn phí\b|ฟรี|مجان\w*|मुफ्त|मुफ़्त|無料|무료|免费"
FEE_PIECES = [
    r"\b(?:activation|set-?up|connection|admin|administration|processing|handling|registration|joining|sign-?up|membership|service|installation|enrol?ment|card issue|account) (?:fees?|charges?)\b",
    r"\b(?:bereitstellungs|einrichtungs|anschluss|aktivierungs|bearbeitungs|anmelde|aufnahme|service|mitglieds|verwaltungs|freischaltungs)(?:gebühr|pauschale|preis)\w*",
    r"\bfrais (?:de dossier|d['’]activation|de mise en service|d['’]inscription|d['’]adhésion|de gestion|de raccordement|de traitement|d['’]ouverture|de service|d['’]installation)\b",
    r"\b(?:cuota|tarifa|gastos|coste|costo|comisión) (?:de )?(?:alta|activación|inscripción|gestión|tramitación|apertura|instalación|servicio)\b|\bde alta\b",
    r"\b(?:costo|costi|contributo|quota|spese|commissione) (?:di )?(?:attivazione|iscrizione|gestione|apertura|installazione|allacciamento|pratica|servizio)\b|\bdi attivazione\b",
    r"\bopłat\w* (?:aktywacyjn\w*|instalacyjn\w*|wpisow\w*|manipulacyjn\w*|serwisow\w*|administracyjn\w*|za aktywację|za instalację|za podłączenie)|\bwpisowe\b",
    r"\b(?:aansluit|activatie|administratie|inschrijf|service|behandel|installatie)(?:kosten|vergoeding)\b",
    r"\btaxas? (?:de )?(?:ativação|adesão|instalação|inscrição|administração|serviço|cadastro|habilitação)\b",
    r"\b(?:kurulum|aktivasyon|üyelik|kayıt|hizmet|bağlantı|işlem|dosya|açılış) (?:ücreti|bedeli|masrafı)\b",
    r"\bbiaya (?:admin\w*|aktivasi|pendaftaran|pemasangan|layanan|registrasi|instalasi)\b|\b(?:yuran|caj|bayaran) (?:pendaftaran|pengaktifan|pemasangan|perkhidmatan|pentadbiran|keahlian)\b",
    r"\bphí (?:kích hoạt|đăng ký|lắp đặt|dịch vụ|hòa mạng|quản lý|thành viên|xử lý)\b",
    r"ค่าธรรมเนียม|ค่าแรกเข้า|ค่าติดตั้ง|ค่าสมัคร|ค่าเปิดใช้",
    r"(?:事務|契約|登録|初期|設置|開通|工事|入会|発行)(?:手数料|費用|費|料)",
    r"가입비|설치비|개통비|등록비|가입 ?비용|설치 ?비용",
    r"(?:开通|安装|手续|激活|工本|注册|入会)费",
    r"رسوم (?:ال)?(?:تفعيل|تسجيل|تركيب|خدمة|إدارية|معالجة|اشتراك)",
    r"(?:इंस्टॉलेशन|एक्टिवेशन|रजिस्ट्रेशन|प्रोसेसिंग|सर्विस) (?:चार्ज|फीस|शुल्क)",
]
FEE = "|".join(FEE_PIECES)


# a fee named as none, waived, included or zero, just before or after it
def nofee(fee: str) -> str:
    return (
        r"(?:\bno|\bwithout|\bzero|\bohne|\bkeine?|\bsans|\baucuns?|\bsin|\bsenza|\bnessun\w*|\bbez|\bgeen|\bzonder|\bsem|\bnenhum\w*|\btanpa|\btiada|\bkhông có|\bkhông|ไม่มี|ไม่เสีย|ไม่ต้องจ่าย|免|无|\bبدون|\bلا|बिना|\bnull|\bzero|\bzéro|\bcero|\bzerowe?j?|\bnul|\bsıfır)\s?(?:\w+\s){0,2}?(?:"
        + fee
        + ")"
        r"|(?:"
        + fee
        + r")\s?(?:[:：]\s?)?(?:なし|無し|無料|0\s?円|없음|없이|면제|무료|yok|\byok\b|gratis|\bfree\b|waived|offert\w*|gratuit\w*|inclus\w*|included|inklusive|incluid\w*|incluso|compris|entfällt|entfallen|wliczon\w*|inbegrepen|dahil|termasuk|bao gồm|ฟรี|รวม|込み|포함|包含|مجان\w*|शामिल|\b0\s?(?:€|zł|tl|円|원|元)|(?:€|£|\$)\s?0\b)"
    )


# ---- free: a zero price ("für 0 €", "à 0 €", "0円") bought by a contract or a term of months
ZERO = (
    r"(?:\b(?:for|à|a|por|für|za|voor|per|seharga|chỉ|only|just|nur|seulement|solo|sólo|apenas|tylko|slechts|sadece|hanya|cuma)\s)"
    r"(?:0\s?(?:€|euro|eur|zł|pln|tl|₺)(?![\w,.]?\d)|(?:€|£|\$|r\$|₹|rm\s?|rp\s?)0(?![\w,.]?\d))"
    r"|(?<![\d.,])0\s?(?:円|원|元|đ|vnđ|บาท|درهم|ريال)(?!\s?\d)"
)
TERM = (
    r"\b\d{1,2}[- ]?(?:month|monate?n?|monats|mois|meses|mesi|miesi[ąę]c\w*|maanden|ay(?:lık)?|bulan|tháng)\b|\d{1,2}\s?(?:เดือน|ヶ月|か月|カ月|개월|个月|أشهر|شهراً|शهر|महीने)"
    r"|\bvertrag\w*|\bmindestlaufzeit\b|\babonnement\w*|\bforfait\w*|\bengagement\b|\bpermanencia\b|\bcontrato\w*|\babbonament\w*|\bvincolo\b|\bumow\w*|\babonament\w*"
    r"|\bcontract\w*|\bsubscription\w*|\btaahhüt\w*|\bkontrak\b|\blangganan\b|\bhợp đồng\b|สัญญา|契約|약정|合约|套餐|\bعقد|\bاشتراك|अनुबंध"
)
# what the zero price is of, when it is not the product: a deposit, delivery, a fee or interest
ZERO_OF = (
    r"(?:"
    + ZERO
    + r")\s?(?:\w+\s){0,1}?(?:anzahlung|down|deposit|acompte|entrada|anticipo|wpłat\w*|aanbetaling|peşinat|uang muka|trả trước|ดาวน์|頭金|首付|"
    r"versand\w*|shipping|delivery|livraison|envío|spedizione|frete|dostaw\w*|verzend\w*|kargo|ongkir|vận chuyển|送料|배송|运费|شحن|"
    r"zins\w*|interest|intérêts?|interes\w*|juros|odset\w*|rente|faiz|bunga|lãi|ดอกเบี้ย|金利|이자|利息|فائدة|"
    r"\w*gebühr\w*|fees?|frais|cuota|costi?|taxas?|opłat\w*|kosten|ücret\w*|biaya|phí|手数料|수수료|费|رسوم)"
)
# the same named before the zero ("Livraison à 0 €", "Versand für 0 €")
ZERO_AFTER = (
    r"(?:anzahlung|down payment|deposit|acompte|entrada|anticipo|aanbetaling|peşinat|uang muka|頭金|首付|"
    r"versand\w*|shipping|delivery|livraison|frais de port|envío|spedizione|frete|dostaw\w*|verzend\w*|porto|kargo|ongkir|送料|배송비?|运费|شحن|"
    r"\w*gebühr\w*|fees?|frais|cuota|costi?|taxas?|opłat\w*|kosten|ücret\w*|biaya|phí|手数料|수수료|费|رسوم)[^\n\d]{0,12}(?:"
    + ZERO
    + ")"
)

# ---- origin: a place named as a quality (a craft or GI of a town or region, "authentic", "100 % de <place>")
# with a reference mark, and the note saying the making happened in a factory country or abroad
AUTH = (
    r"(?<!\w)(?:authentic|genuine|traditional|real|echt\w*|authentique\w*|véritable\w*|auténtic\w*|autentic\w*|genuin\w*|tradicional\w*|"
    r"tradizional\w*|oryginaln\w*|prawdziw\w*|autentyczn\w*|tradycyjn\w*|hakiki|gerçek|asli|tulen|chính hiệu|chính gốc|đích thực)(?!\w)"
    r"|أصلي\w*|أصيل\w*|แท้|正宗|地道|本場|本物|正統|정통|진품|असली|प्रामाणिक"
)
MATERIAL = (
    r"(?:cotton|coton|algod\w+|baumwoll\w*|cotone|bawełn\w*|katoen|pamuk|wool|laine|lana|woll\w*|lã|wełn\w*|wol|yün|silk|soie|seda|seide|seta|"
    r"jedwab\w*|zijde|ipek|linen|lin|lino|leinen|len|leather|cuir|cuero|leder|pelle|couro|skór\w*|leer|deri|polyester|recycl\w*|natur\w*|organic|"
    r"bio\w*|vegan\w*|pur[eoa]?|arabica|arábica|plant\w*|kakao|cacao|cocoa|fruit\w*|frut\w*|juice|jus|zumo|suco|saft|sap|agave|acero|steel|acier|"
    r"stahl|acciaio|aço|stal|staal|çelik|merino|cashmere|cachemire|kaschmir|satisf\w*|garant\w*|made|fait|hecho|feito)\b"
)
CRAFT = (
    r"(?:porcelain\w*|porcelaine|porcelana|porcellana|porselen|porzellan|porselein|ceramics?|céramique|cerámica|ceramica|ceramika|keramik\w*|"
    r"seramik|pottery|poterie|faïence|faience|fayans|aardewerk|azulejos?|crystal|cristal|cristallo|kristall\w*|kryształ\w*|lace|dentelle|"
    r"encaje|pizzo|koronk\w*|silver|argent|plata|argento|prata|srebro|zilver|silber|gümüş|perak|glass|verre|vidrio|vetro|vidro|szkło|glas|"
    r"songket|batik|tenun|kain|carpets?|tapis|alfombras?|tappet[oi]|dywan\w*|halı\w*|tapijt\w*|teppich\w*)"
    r"\s+(?:de|d'|d’|di|da|del|dal|z|ze|van|uit|aus|from|of)\s+(?-i:[A-ZÀ-ÖØ-ÞŁŚŻŹĆŃ])"
)
PLACE_CLAIM = [AUTH, rf"(?<!\w)(?:100\s?%|%\s?100)\s+(?:(?:de|di|da|z|van|from)\s+)?(?!{MATERIAL})\w+", CRAFT]
FACTORY = (
    r"(?:china|chine|chiny|chinach|chinas?|cina|çin|tiongkok|vietnam|viêt ?nam|wietnam\w*|bangladesh|bangladesz\w*|bangladeş|pakistan|"
    r"cambodia|cambodge|camboya|kambodża|kambodscha|myanmar|birmanie)"
)
NOTE_ELSEWHERE = [
    r"\b(?:produced|manufactured|made|sewn|woven|assembled|imported|produit\w*|fabriqu\w+|import\w+|hergestellt|produziert|gefertigt|fabricad\w+|"
    r"producid\w+|hech[oa]s?|prodott\w+|fabbricat\w+|produzid\w+|feit[oa]s?|geproduceerd|gemaakt|vervaardigd|wyprodukowan\w*|produkowan\w*|"
    r"szyt\w*|üretil\w+|dibuat|diproduksi|buatan|ditenun)\s+(?:\w+\s+){0,2}?(?:in|en|au|aux|em|no|na|w|we|from|de|du|des|aus|van|uit|z|ze|di|dari|da|dalla)\s+"
    + FACTORY,
    r"(?:صنع|مصنوع\w*|صناعة|إنتاج)\s(?:في\s)?(?:الصين|فيتنام|بنغلاديش|باكستان)|\b(?:dari|di) luar (?:negara|negeri)\b|\bfrom abroad\b|\bmade abroad\b",
    r"中国製|中国産|中国で(?:製造|生産)|ベトナム製|ベトナム産|越南(?:制造|生产|产)|柬埔寨(?:制造|生产)|중국산|중국\s?(?:생산|제조)|베트남산|베트남\s?(?:생산|제조)|"
    r"ผลิตใน(?:ประเทศ)?(?:จีน|เวียดนาม)|\bsản xuất (?:tại|ở) trung quốc\b|चीन में (?:बना|निर्मित)|\bçin'de üretil\w*",
]

SRC_ORIGIN = {
    "name": "UCPD 2005/29/EC art. 6(1)(b); EU Reg. 952/2013 art. 60 (non-preferential origin: last substantial transformation); FTC 16 CFR 323 ('all or virtually all'); Japan 商品の原産国に関する不当な表示 (1973 notice); Korea 대외무역법 art. 33; PRC 产品质量法 art. 27; GSO 2530 / UAE Federal Law 15/2020; India Legal Metrology (Packaged Commodities) Rules 2011 r.6(1)(aa)",
    "url": "https://www.ecfr.gov/current/title-16/chapter-I/subchapter-B/part-323",
}
SRC_FREE = {
    "name": "UCPD 2005/29/EC Annex I no. 20 ('free' when the consumer pays anything beyond the unavoidable cost of responding and delivery); UK CAP Code 3.23-3.24; FTC Guide 16 CFR 251.1; ICC Code (2024) art. 24",
    "url": "https://eur-lex.europa.eu/eli/dir/2005/29/oj",
}


def _groups(pieces: list[str], budget: int) -> list[str]:
    """The pieces joined into as few alternations as keep each under ``budget`` characters (a rule's regex is
    refused over 2,000)."""
    out: list[str] = []
    for piece in pieces:
        if out and len(out[-1]) + len(piece) + 1 <= budget:
            out[-1] += "|" + piece
        else:
            out.append(piece)
    return out


def _claim(lang: str, claim: str) -> str:
    return claim if lang == "en" else claim + "|" + MADE_IN


def _gap(n: int) -> str:
    """Up to n characters on the line, or on the next line too: a headline and the line under it."""
    return rf"[^\n]{{0,{n}}}?(?:\n[^\n]{{0,{n}}}?)?"


def rules() -> dict[str, dict]:
    origin = [
        {
            "id": "global.origin.claim_made_abroad",
            "type": "pattern",
            "category": "origin_claim",
            "severity": "warn",
            "message": "An own-origin claim (made in X, 100 % X, a national product) sits beside production said to be abroad, overseas or in foreign factories: the copy names no other country, but the claim is taken back.",
            "suggestion": "Say where each step happens (designed in, made in, assembled in) or drop the origin claim.",
            "source": SRC_ORIGIN,
            "applies_to": {"kinds": ["copy", "video_script", "image_prompt"]},
            "patterns": [
                p
                for lang, (claim, abroad) in CLAIM.items()
                for p in (
                    f"(?:{_claim(lang, claim)}){_gap(120)}(?:{abroad})",
                    f"(?:{abroad}){_gap(120)}(?:{_claim(lang, claim)})",
                )
            ],
            "unless": [
                r"\b(?:not|never|no longer|once|used to be|formerly|instead of|rather than|nicht|nie|jamais|nunca|mai|niet|bukan|tidak|không|değil)\b[^\n]{0,20}?(?:overseas|abroad|offshore|ausland|asien|étranger|extranjero|estero|granicą|buitenland|exterior|yurt ?dışı|luar negeri|luar negara|nước ngoài)|ไม่ได้ผลิต|ではなく|ではありません|아닌|아닙니다|不是|并非|非海外|ليس|नहीं"
            ],
            "window": 40,
            "examples": {
                "match": [
                    {
                        "text": "Made in Britain, the way it always was. Stitched overseas by our partner workshops.",
                        "locale": "en-GB",
                    },
                    {"text": "Fabriqué en France avec passion. Assemblage réalisé à l'étranger.", "locale": "fr-FR"},
                    {"text": "Feito no Brasil com orgulho — fabricado no exterior por parceiros.", "locale": "pt-BR"},
                    {"text": "Produk asli Indonesia, diproduksi di luar negeri.", "locale": "id-ID"},
                    {"text": "Buatan Malaysia tulen, dikilangkan di luar negara.", "locale": "ms-MY"},
                    {"text": "Hàng Việt Nam chất lượng cao, sản xuất ở nước ngoài.", "locale": "vi-VN"},
                    {"text": "สินค้าไทยแท้ ผลิตจากโรงงานต่างประเทศ", "locale": "th-TH"},
                    {"text": "日本製にこだわったタオル。海外の提携工場で製造しています。", "locale": "ja-JP"},
                    {"text": "منتج سعودي أصيل، يُصنع في الخارج", "locale": "ar-SA"},
                    {"text": "मेड इन इंडिया, विदेश में निर्मित", "locale": "hi-IN"},
                    {"text": "Yerli malı, yurt dışında üretildi.", "locale": "tr-TR"},
                    {"text": "100% 국산 프리미엄 수건, 해외 공장에서 생산합니다.", "locale": "ko-KR"},
                    {"text": "Polski produkt!\nSzyty za granicą w zaufanych szwalniach.", "locale": "pl-PL"},
                ],
                "no_match": [
                    {"text": "Made in Italy, spediamo anche all'estero.", "locale": "it-IT"},
                    {"text": "Polski produkt, wysyłamy też za granicę.", "locale": "pl-PL"},
                    {"text": "Yerli malı, yurt dışına da ihraç ediyoruz.", "locale": "tr-TR"},
                    {"text": "Made in India, exported abroad to 40 countries.", "locale": "en-IN"},
                    {"text": "日本製。海外発送も承ります。", "locale": "ja-JP"},
                    {"text": "สินค้าไทยแท้ ส่งออกต่างประเทศ", "locale": "th-TH"},
                    {"text": "Designed in Sweden, made overseas.", "locale": "en-GB"},
                    {"text": "No longer made overseas: every boot is made in the USA again.", "locale": "en-US"},
                    {"text": "Made in Britain, never stitched overseas.", "locale": "en-GB"},
                ],
            },
        }
    ]
    origin.append(
        {
            "id": "global.origin.place_claim_note_elsewhere",
            "type": "footnote",
            "category": "origin_claim",
            "severity": "warn",
            "message": "A place is sold as the product's quality (a town's craft, 'authentic', '100 % de <place>') and the claim's note says it is made in a factory country or abroad: the small print takes the origin back.",
            "suggestion": "Name the real place of making in the headline ('decorated in Limoges, made in China') or drop the place claim.",
            "source": {
                "name": "UCPD 2005/29/EC art. 6(1)(b); EU Reg. 2023/2411 (craft and industrial geographical indications) and Reg. 952/2013 art. 60; Mexico NOM-132-SCFI (Talavera DO); FTC 16 CFR 323",
                "url": "https://eur-lex.europa.eu/eli/reg/2023/2411/oj",
            },
            "applies_to": {"kinds": ["copy", "video_script"]},
            "missing": False,
            "gap": 40,
            "marks": "*†‡¹²³※",
            "claim": PLACE_CLAIM,
            "conditions": NOTE_ELSEWHERE,
            "examples": {
                "match": [
                    {"text": "Faïence de Quimper, peinte à la main.*\n*Fabriquée au Vietnam", "locale": "fr-FR"},
                    {"text": "Oryginalna porcelana z Ćmielowa*\n*Wyprodukowano w Chinach", "locale": "pl-PL"},
                    {"text": "Echt Maastrichts aardewerk*\n*gemaakt in China", "locale": "nl-NL"},
                    {"text": "Tenun ikat asli Sumba*\n*tenunan mesin dari luar negeri", "locale": "id-ID"},
                    {"text": "Plata 100 % de Zacatecas*\n*piezas hechas en China", "locale": "es-MX"},
                    {"text": "سجاد يدوي أصلي*\n*صنع في الصين", "locale": "ar-SA"},
                    {"text": "本場の有田焼 豆皿セット※\n※中国製", "locale": "ja-JP"},
                    {"text": "정통 이천 도자기 머그*\n*중국산", "locale": "ko-KR"},
                ],
                "no_match": [
                    {"text": "Porcelaine de Limoges.*\n*Fabriquée et décorée à Limoges", "locale": "fr-FR"},
                    {"text": "T-shirt 100 % coton*\n*fabriqué au Bangladesh", "locale": "fr-FR"},
                    {"text": "Authentic Italian pasta*\n*imported from Italy", "locale": "en-GB"},
                    {"text": "Véritable savon de Marseille*\n*livraison offerte dès 30 €", "locale": "fr-FR"},
                    {"text": "Designed in Sweden*\n*made in China", "locale": "en-GB"},
                ],
            },
        }
    )
    free = [
        {
            "id": "global.free.fee_beside_free",
            "type": "pattern",
            "category": "free_claim",
            "severity": "warn",
            "message": "'Free' sits beside a fee the buyer must pay for it (activation, set-up, admin, registration, processing): a cost beyond delivery means the offer is not free.",
            "suggestion": "Drop 'free' and give the price the buyer pays ('router for a one-off €49 set-up'), or waive the fee.",
            "source": SRC_FREE,
            "applies_to": {"kinds": ["copy", "video_script"]},
            "patterns": [
                p
                for fee in _groups(FEE_PIECES, 450)
                for p in (
                    rf"(?:{FREE}){_gap(80)}(?:(?:{fee})[^\n\d]{{0,20}}\d|\d[^\n]{{0,15}}?(?:{fee}))",
                    rf"(?:(?:{fee})[^\n\d]{{0,20}}\d|\d[^\n]{{0,15}}?(?:{fee})){_gap(60)}(?:{FREE})",
                )
            ],
            "unless": [nofee(fee) for fee in _groups(FEE_PIECES, 450)],
            "window": 30,
            "examples": {
                "match": [
                    {"text": "Gratis-Router für alle Neukunden, zzgl. 49 € Bereitstellungsgebühr.", "locale": "de-DE"},
                    {"text": "Box offerte ! Seuls 19,90 € de frais de dossier.", "locale": "fr-FR"},
                    {"text": "Dekoder za darmo! Opłata aktywacyjna tylko 49 zł.", "locale": "pl-PL"},
                    {"text": "Kartu perdana gratis, cukup bayar biaya admin Rp25.000.", "locale": "id-ID"},
                    {"text": "Router percuma! Hanya RM50 yuran pendaftaran.", "locale": "ms-MY"},
                    {"text": "รับเราเตอร์ฟรี จ่ายแค่ค่าธรรมเนียมแรกเข้า 500 บาท", "locale": "th-TH"},
                    {"text": "공유기 무료! 가입비 3만원만 내세요", "locale": "ko-KR"},
                    {"text": "मुफ़्त सेट-टॉप बॉक्स, सिर्फ़ ₹299 इंस्टॉलेशन चार्ज", "locale": "hi-IN"},
                    {"text": "Free smartphone! Just a £29 activation fee.", "locale": "en-GB"},
                    {"text": "ルーター無料！事務手数料3,300円のみ", "locale": "ja-JP"},
                ],
                "no_match": [
                    {"text": "Attivazione gratuita, nessun costo nascosto.", "locale": "it-IT"},
                    {"text": "무료 배송, 가입비 없음", "locale": "ko-KR"},
                    {"text": "Frete grátis e sem taxa de ativação.", "locale": "pt-BR"},
                    {"text": "Router gratis, keine Bereitstellungsgebühr, 29,99 € im Monat.", "locale": "de-DE"},
                    {"text": "Free Wi-Fi in every room. Rooms from £89, no booking fee.", "locale": "en-GB"},
                    {"text": "Sugar-free gum, 2 for £3.", "locale": "en-GB"},
                ],
            },
        },
        {
            "id": "global.free.zero_price_term",
            "type": "pattern",
            "category": "free_claim",
            "severity": "warn",
            "message": "The product is sold for 0 (a 'free' price) and the copy ties it to a contract or a term of months: the buyer pays for it through the plan.",
            "suggestion": "Give the monthly price and the term with the product ('€39.99 a month for 24 months, phone included') instead of a 0 price.",
            "source": SRC_FREE,
            "applies_to": {"kinds": ["copy", "video_script"]},
            "patterns": [rf"(?:{ZERO}){_gap(90)}(?:{TERM})", rf"(?:{TERM}){_gap(60)}(?:{ZERO})"],
            "unless": [ZERO_OF, ZERO_AFTER],
            "window": 10,
            "examples": {
                "match": [
                    {"text": "Das Smartphone für 0 €*\n*nur mit 24-Monats-Vertrag à 39,99 €", "locale": "de-DE"},
                    {"text": "Le casque à 0 €* *pour toute souscription d'un forfait 24 mois", "locale": "fr-FR"},
                    {"text": "Móvil a 0 €* *con permanencia de 24 meses", "locale": "es-ES"},
                    {"text": "スマホが0円！※2年契約が条件です", "locale": "ja-JP"},
                ],
                "no_match": [
                    {"text": "0 € Anzahlung, 24 Monate Finanzierung", "locale": "de-DE"},
                    {"text": "Livraison à 0 € avec votre forfait 24 mois", "locale": "fr-FR"},
                    {"text": "Forfait sans engagement à 9,99 €/mois", "locale": "fr-FR"},
                    {"text": "Smartphone für 399 €, auch ohne Vertrag", "locale": "de-DE"},
                ],
            },
        },
    ]
    return {"origin29.yaml": {"head": ORIGIN_HEAD, "rules": origin}, "free29.yaml": {"head": FREE_HEAD, "rules": free}}


ORIGIN_HEAD = """\
# checks-origin29 (issue 9, r29-origin in CLASSES.md): an origin claim read as a claim form and a contradicting
# condition, from the law rather than from misses. An own-origin claim (made in X, 100 % X, a national product,
# 国産, 국산, 国货, منتج وطني, स्वदेशी) is taken back when the same copy says the making happens abroad, overseas or in
# foreign factories without naming a country (the table rules need a country or a city). Shipping or exporting
# abroad is no production: the condition needs a production verb or a factory noun. GENERATED by
# scripts/origin29_rules.py: edit the pieces there and rerun.
"""
FREE_HEAD = """\
# checks-origin29 (issue 9, r29-origin in CLASSES.md): "free" read as a claim form and a condition that makes the
# buyer pay anyway. UCPD Annex I no. 20 allows only the unavoidable cost of responding and of delivery: a fee for
# activation, set-up, admin, registration or processing beside "free" (with its amount), and a 0 price tied to a
# contract or a term of months, are payment. A fee named as none, waived or included, and a 0 of a deposit,
# delivery, interest or fee, stay clean. GENERATED by scripts/origin29_rules.py: edit the pieces there and rerun.
"""


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:  # the two free rules share a source: write it out twice
        return True


def main() -> None:
    for name, spec in rules().items():
        for rule in spec["rules"]:
            for p in (
                rule.get("patterns", []) + rule.get("unless", []) + rule.get("claim", []) + rule.get("conditions", [])
            ):
                re.compile(p, re.IGNORECASE)
                assert len(p) <= 2000, (rule["id"], len(p))
        body = yaml.dump(
            {"pack": "global", "rules": spec["rules"]},
            allow_unicode=True,
            sort_keys=False,
            width=10**6,
            Dumper=_NoAliases,
        )
        (ROOT / "cultural_rules" / "global" / name).write_text(spec["head"] + body, encoding="utf-8")
        print(name, len(spec["rules"]))


if __name__ == "__main__":
    main()
