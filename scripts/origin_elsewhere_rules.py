"""Write cultural_rules/global/origin_elsewhere.yaml: an origin claim for one country beside production in
another place in the same copy ("Made in India ... manufactured in Guangzhou", "صنع في السعودية ... التعبئة
في دبي", "Oryginalna włoska jakość ... szyjemy ręcznie w Radomiu").

One table: each country's claims (made-in and national-quality phrasings in the markets' languages) and
its places (the country's names and its manufacturing cities, in the forms the languages put after "in":
Polish locatives, Arabic with the article). A claim for a country is contradicted by a production verb
("made", "manufactured", "formulated", "packed", "bottled", "szyjemy", "مصنّع", "معبأ", "التعبئة") followed
within two words by "in" and a place of ANY OTHER country, in either order. "Designed in" is no production;
"not made in" is a denial. Place names are from each country's Wikipedia article and its list of cities
(en, ar, pl, fr, es, de, it, pt, nl, tr, id forms).

    .venv/bin/python scripts/origin_elsewhere_rules.py   # rewrites the YAML
"""

from __future__ import annotations

import json
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "cultural_rules" / "global" / "origin_elsewhere.yaml"

# country: (claims, places). Claims and places are plain words (escaped), lowercase.
TABLE: dict[str, tuple[list[str], list[str]]] = {
    "india": (
        ["made in india", "proudly indian", "swadeshi", "मेड इन इंडिया", "भारत में निर्मित", "भारत में बना", "100% indian"],
        [
            "india",
            "indien",
            "inde",
            "indie",
            "indiach",
            "hindistan",
            "الهند",
            "mumbai",
            "pune",
            "delhi",
            "new delhi",
            "bengaluru",
            "bangalore",
            "chennai",
            "hyderabad",
            "ahmedabad",
            "surat",
            "kolkata",
            "ludhiana",
            "tiruppur",
            "noida",
            "gurugram",
            "gurgaon",
            "jaipur",
            "kanpur",
            "baddi",
        ],
    ),
    "china": (
        ["made in china"],
        [
            "china",
            "chine",
            "cina",
            "chiny",
            "chinach",
            "çin",
            "tiongkok",
            "الصين",
            "guangzhou",
            "shenzhen",
            "dongguan",
            "yiwu",
            "shanghai",
            "ningbo",
            "foshan",
            "xiamen",
            "hangzhou",
            "suzhou",
            "qingdao",
            "tianjin",
            "quanzhou",
            "kanton",
            "canton",
            "غوانزو",
            "قوانغتشو",
            "شنتشن",
            "شنغهاي",
        ],
    ),
    "uae": (
        [
            "made in uae",
            "made in the uae",
            "made in emirates",
            "made in the emirates",
            "made in dubai",
            "صنع في الإمارات",
            "صُنع في الإمارات",
            "صناعة إماراتية",
            "منتج إماراتي",
            "صنع في دبي",
            "صُنع في دبي",
        ],
        [
            "uae",
            "the uae",
            "emirates",
            "united arab emirates",
            "الإمارات",
            "dubai",
            "دبي",
            "abu dhabi",
            "أبوظبي",
            "أبو ظبي",
            "sharjah",
            "الشارقة",
            "ajman",
            "عجمان",
            "ras al khaimah",
            "رأس الخيمة",
        ],
    ),
    "saudi": (
        [
            "made in saudi",
            "made in saudi arabia",
            "made in ksa",
            "صنع في السعودية",
            "صُنع في السعودية",
            "صناعة سعودية",
            "منتج سعودي",
            "صنع في المملكة",
            "صُنع في المملكة",
            "بأيد سعودية",
            "بأيدٍ سعودية",
        ],
        [
            "saudi arabia",
            "ksa",
            "السعودية",
            "المملكة",
            "riyadh",
            "الرياض",
            "jeddah",
            "جدة",
            "dammam",
            "الدمام",
            "mecca",
            "makkah",
            "مكة",
            "medina",
            "المدينة",
            "taif",
            "الطائف",
        ],
    ),
    "poland": (
        [
            "wyprodukowano w polsce",
            "wyprodukowane w polsce",
            "produkt polski",
            "polski produkt",
            "szyte w polsce",
            "made in poland",
            "polska jakość",
            "polska marka",
        ],
        [
            "poland",
            "polska",
            "polsce",
            "polen",
            "pologne",
            "polonia",
            "polonya",
            "بولندا",
            "warszawa",
            "warszawie",
            "kraków",
            "krakowie",
            "łódź",
            "łodzi",
            "poznań",
            "poznaniu",
            "wrocław",
            "wrocławiu",
            "gdańsk",
            "gdańsku",
            "radom",
            "radomiu",
            "katowice",
            "katowicach",
            "lublin",
            "lublinie",
            "białystok",
            "białymstoku",
            "bielsko-biała",
            "bielsku-białej",
        ],
    ),
    "italy": (
        [
            "made in italy",
            "prodotto in italia",
            "fatto in italia",
            "włoska jakość",
            "oryginalna włoska",
            "qualità italiana",
            "italian quality",
            "italian craftsmanship",
            "artigianalità italiana",
            "eccellenza italiana",
        ],
        [
            "italy",
            "italia",
            "italie",
            "italien",
            "włoszech",
            "italya",
            "إيطاليا",
            "milan",
            "milano",
            "mediolanie",
            "florence",
            "firenze",
            "florencji",
            "bologna",
            "napoli",
            "naples",
            "torino",
            "turin",
            "venezia",
            "venice",
            "prato",
            "como",
            "vicenza",
            "treviso",
            "parma",
            "rome",
            "roma",
            "rzymie",
        ],
    ),
    "france": (
        [
            "made in france",
            "fabriqué en france",
            "conçu et fabriqué en france",
            "produit en france",
            "qualité française",
            "savoir-faire français",
            "french quality",
            "french craftsmanship",
        ],
        [
            "france",
            "francji",
            "frankreich",
            "francia",
            "frança",
            "fransa",
            "فرنسا",
            "paris",
            "paryżu",
            "grasse",
            "lyon",
            "marseille",
            "bordeaux",
            "lille",
            "toulouse",
            "nantes",
        ],
    ),
    "germany": (
        [
            "made in germany",
            "hergestellt in deutschland",
            "produziert in deutschland",
            "deutsche qualität",
            "deutsche wertarbeit",
            "german quality",
            "german engineering",
            "niemiecka jakość",
        ],
        [
            "germany",
            "deutschland",
            "allemagne",
            "germania",
            "alemania",
            "alemanha",
            "niemczech",
            "almanya",
            "ألمانيا",
            "berlin",
            "münchen",
            "munich",
            "hamburg",
            "stuttgart",
            "köln",
            "cologne",
            "frankfurt",
            "düsseldorf",
            "solingen",
            "leipzig",
            "dresden",
        ],
    ),
    "spain": (
        ["hecho en españa", "fabricado en españa", "made in spain", "calidad española"],
        [
            "spain",
            "españa",
            "espagne",
            "spanien",
            "spagna",
            "hiszpanii",
            "ispanya",
            "إسبانيا",
            "madrid",
            "barcelona",
            "valencia",
            "sevilla",
            "elche",
            "alicante",
            "bilbao",
        ],
    ),
    "mexico": (
        [
            "hecho en méxico",
            "hecho en mexico",
            "fabricado en méxico",
            "made in mexico",
            "orgullosamente mexicano",
            "100% mexicano",
        ],
        [
            "mexico",
            "méxico",
            "meksyku",
            "meksika",
            "المكسيك",
            "guadalajara",
            "monterrey",
            "puebla",
            "jalisco",
            "león",
            "tijuana",
            "ciudad juárez",
        ],
    ),
    "usa": (
        ["made in usa", "made in the usa", "made in america", "american made", "american-made", "all-american"],
        [
            "usa",
            "the usa",
            "the us",
            "united states",
            "america",
            "estados unidos",
            "états-unis",
            "stati uniti",
            "stanach zjednoczonych",
            "الولايات المتحدة",
            "amerika",
            "california",
            "texas",
            "ohio",
            "michigan",
            "new york",
            "los angeles",
            "detroit",
            "chicago",
            "north carolina",
        ],
    ),
    "uk": (
        ["made in britain", "made in the uk", "made in england", "made in scotland", "british made", "british-made"],
        [
            "uk",
            "the uk",
            "britain",
            "great britain",
            "united kingdom",
            "england",
            "scotland",
            "wales",
            "wielkiej brytanii",
            "anglii",
            "المملكة المتحدة",
            "بريطانيا",
            "london",
            "manchester",
            "birmingham",
            "leeds",
            "sheffield",
            "glasgow",
            "leicester",
            "northampton",
        ],
    ),
    "turkey": (
        ["yerli malı", "yerli üretim", "türk malı", "türkiye'de üretilmiştir", "made in turkey", "made in türkiye"],
        [
            "turkey",
            "türkiye",
            "turcji",
            "türkei",
            "turquie",
            "turquía",
            "turchia",
            "turki",
            "تركيا",
            "istanbul",
            "i̇stanbul",
            "stambule",
            "izmir",
            "bursa",
            "denizli",
            "gaziantep",
            "ankara",
        ],
    ),
    "vietnam": (
        ["made in vietnam", "sản xuất tại việt nam", "hàng việt nam"],
        [
            "vietnam",
            "viet nam",
            "việt nam",
            "wietnamie",
            "فيتنام",
            "hanoi",
            "hà nội",
            "ho chi minh city",
            "saigon",
            "hải phòng",
            "bình dương",
        ],
    ),
    "bangladesh": ([], ["bangladesh", "bangladeszu", "bangladeş", "بنغلاديش", "dhaka", "chittagong"]),
    "pakistan": ([], ["pakistan", "pakistanie", "باكستان", "karachi", "lahore", "sialkot", "faisalabad"]),
    "indonesia": (
        ["buatan indonesia", "made in indonesia", "produk dalam negeri"],
        [
            "indonesia",
            "indonezji",
            "indonesien",
            "indonésie",
            "endonezya",
            "إندونيسيا",
            "jakarta",
            "bandung",
            "surabaya",
            "semarang",
            "bekasi",
        ],
    ),
    "malaysia": (
        ["buatan malaysia", "made in malaysia", "keluaran malaysia"],
        ["malaysia", "malezji", "ماليزيا", "kuala lumpur", "penang", "johor", "selangor"],
    ),
    "thailand": (["made in thailand"], ["thailand", "tajlandii", "tayland", "تايلاند", "bangkok", "chiang mai"]),
    "japan": (
        ["made in japan", "japanese quality", "japanese craftsmanship"],
        ["japan", "japonii", "japon", "japón", "giappone", "اليابان", "tokyo", "osaka", "seki", "nagoya"],
    ),
    "korea": (["made in korea"], ["korea", "south korea", "korei", "kore", "كوريا", "seoul", "busan"]),
    "brazil": (
        ["feito no brasil", "fabricado no brasil", "produzido no brasil", "made in brazil", "100% brasileiro"],
        [
            "brazil",
            "brasil",
            "brésil",
            "brasilien",
            "brazylii",
            "البرازيل",
            "são paulo",
            "rio de janeiro",
            "franca",
            "novo hamburgo",
            "belo horizonte",
        ],
    ),
    "switzerland": (
        ["swiss made", "made in switzerland", "swiss quality", "swiss precision"],
        [
            "switzerland",
            "schweiz",
            "suisse",
            "svizzera",
            "suiza",
            "szwajcarii",
            "سويسرا",
            "geneva",
            "genève",
            "zürich",
            "biel",
            "la chaux-de-fonds",
        ],
    ),
    "portugal": (
        ["made in portugal", "feito em portugal", "fabricado em portugal"],
        ["portugal", "portugalii", "portekiz", "البرتغال", "porto", "lisboa", "lisbon", "braga", "guimarães"],
    ),
    "romania": (
        [],
        [
            "romania",
            "rumunii",
            "rumänien",
            "roumanie",
            "rumanía",
            "romanya",
            "رومانيا",
            "bucharest",
            "timișoara",
            "cluj",
        ],
    ),
    "morocco": (
        [],
        ["morocco", "maroc", "marruecos", "marokko", "maroku", "fas", "المغرب", "casablanca", "tangier", "tanger"],
    ),
    "egypt": ([], ["egypt", "égypte", "ägypten", "egipcie", "mısır", "مصر", "cairo", "القاهرة", "alexandria"]),
    "oman": ([], ["oman", "عمان", "muscat", "مسقط"]),
    "kuwait": ([], ["kuwait", "الكويت"]),
    "qatar": ([], ["qatar", "قطر", "doha", "الدوحة"]),
}

# Production verbs (Latin scripts): a stem followed by any ending ("manufactur" -> manufactured, manufacturing).
VERBS = [
    # stems: "\\w*" follows each ("manufactur" -> manufactured, manufacturing; "fabri" -> fabriqué, fabricado)
    "made",
    "manufactur",
    "produced",
    "producid",
    "produit",
    "prodott",
    "produzid",
    "produziert",
    "produkow",
    "formulat",
    "assembl",
    "packed",
    "packaged",
    "packing",
    "bottl",
    "filled",
    "sewn",
    "stitch",
    "knit",
    "woven",
    "printed",
    "blended",
    "processed",
    "roast",
    "distil",
    "brew",
    "forged",
    "crafted",
    "handmade",
    "grown",
    "harvest",
    "fabri",
    "fabbric",
    "conditionn",
    "embouteill",
    "cousu",
    "cultiv",
    "récolt",
    "cosech",
    "hech",
    "envas",
    "ensambl",
    "elabor",
    "cosid",
    "hergestellt",
    "gefertigt",
    "abgefüllt",
    "montiert",
    "verpackt",
    "genäht",
    "angebaut",
    "geerntet",
    "confezion",
    "imbottigl",
    "cucit",
    "coltiv",
    "raccolt",
    "embal",
    "engarraf",
    "montad",
    "feit",
    "colhid",
    "gemaakt",
    "verpakt",
    "gebotteld",
    "wyprodukow",
    "szyt",
    "szyjemy",
    "robimy",
    "pakuj",
    "pakow",
    "rozlew",
    "montow",
    "wytwarz",
    "uprawi",
    "zbiera",
    "dibuat",
    "diproduksi",
    "dikemas",
    "dirakit",
    "dijahit",
]
PREPS = ["in", "at", "en", "au", "aux", "à", "in der", "im", "w", "we", "na", "a", "em", "no", "na", "di", "tại", "ở"]
NEGATION = ["not", "never", "nie", "non", "nicht", "pas", "no", "bukan", "tidak"]
# Arabic production words: an optional و/ب/ل before, the article allowed; "in" is في.
AR_VERBS = [
    "صنع",
    "صُنع",
    "مصنع",
    "مصنّع",
    "مصنوع",
    "مصنوعة",
    "تصنيع",
    "التصنيع",
    "إنتاج",
    "الإنتاج",
    "منتج",
    "أنتج",
    "معبأ",
    "معبّأ",
    "معبأة",
    "تعبئة",
    "التعبئة",
    "عبئ",
    "تجميع",
    "التجميع",
    "مجمّع",
    "مجمع",
    "تركيب",
    "خلط",
    "الخلط",
]


LIMIT = 1990  # the loader's cap on one pattern's length


def chunks(words: list[str], size: int) -> list[list[str]]:
    """``words`` cut into runs whose alternation stays under ``size`` characters."""
    out: list[list[str]] = [[]]
    for w in sorted(set(words)):
        if out[-1] and len(alt(out[-1] + [w])) > size:
            out.append([])
        out[-1].append(w)
    return out


def alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def rules() -> list[dict]:
    out = []
    latin_verbs = alt(VERBS)
    preps = alt(PREPS)
    neg = "".join(f"(?<!\\b{re.escape(n)} )" for n in NEGATION)
    for country, (claims, _places) in TABLE.items():
        if not claims:
            continue
        foreign = [p for other, (_, places) in TABLE.items() if other != country for p in places]
        own = set(TABLE[country][1])
        foreign = [p for p in foreign if p not in own]
        latin_places = [p for p in foreign if not re.search(r"[\u0600-\u06ff]", p)]
        ar_places = [p for p in foreign if re.search(r"[\u0600-\u06ff]", p)]
        # a place of the country named in quotes as the product's origin ("Naranjas 'de Valencia'", "'from Kerala'")
        own_latin = [w for w in TABLE[country][1] if not re.search(r"[\u0600-\u06ff]", w)]
        claim = alt(claims) + f"|['\"«“‘](?:de|from|du|aus|di|z|da|dal)\\s+(?:{alt(own_latin)})['\"»”’]"
        pats = []
        for chunk in chunks(latin_places, LIMIT - len(claim) - len(latin_verbs) - len(preps) - len(neg) - 120):
            elsewhere = f"{neg}\\b(?:{latin_verbs})\\w*\\s+(?:[\\w'’-]+\\s+){{0,2}}?(?:{preps})\\s+(?:the\\s+)?(?:{alt(chunk)})(?![\\w-])"
            pats.append(f"(?:{claim})[^\\n]{{0,160}}?{elsewhere}")  # the claim first, the small print after it
        if ar_places and re.search(r"[\u0600-\u06ff]", claim):
            ar_else = f"(?<![\\w])[وبل]?(?:{alt(AR_VERBS)})[^\\n]{{0,12}}?\\s+في\\s+(?:{alt(ar_places)})(?![\\w])"
            pats += [f"(?:{claim})[^\\n]{{0,160}}?{ar_else}", f"{ar_else}[^\\n]{{0,160}}?(?:{claim})"]
        out.append((country, pats))
    return out


HEADER = """# GENERATED by scripts/origin_elsewhere_rules.py from its table of countries, claims and places: edit the
# script and rerun it, not this file. checks-culture11.
pack: global
rules:
"""

EXAMPLES = {
    "match": [
        "Made in India with love (formulated and manufactured in Guangzhou, packed in Pune)",
        "صنع في الإمارات (مصنّع في فرنسا ومعبأ في دبي)",
        "صُنع في السعودية بأيدٍ سعودية (التعبئة في دبي)",
        "Oryginalna włoska jakość – nasze buty szyjemy ręcznie w Radomiu.",
        "Made in the USA – assembled in Mexico from US parts",
        "Hecho en México, envasado en Texas",
        "Naranjas 'de Valencia' (cultivadas en Marruecos, envasadas en Valencia)",
    ],
    "no_match": [
        "Made in India at our Chakan plant, packed in Pune",
        "صنع في الإمارات ومعبأ في دبي",
        "Oryginalna włoska jakość – szyte ręcznie w Mediolanie.",
        "Designed in Italy, made in China",
        "Made in India, not manufactured in China",
        "Made in Germany – geschmiedet in unserem Werk in Solingen.",
        "Naranjas 'de Valencia' (cultivadas y envasadas en Valencia)",
        "Made in India: our products are sold in Dubai and London",
    ],
}


def main() -> None:
    lines = [HEADER]
    lines.append("  - id: global.origin.claim_made_elsewhere\n")
    lines.append("    type: pattern\n    category: origin_claim\n    severity: warn\n")
    lines.append(
        '    message: "An origin claim for one country (Made in India, صنع في السعودية, włoska jakość...) sits beside production in another country or city in the same copy; the claim misleads about where the product is made."\n'
    )
    lines.append(
        '    suggestion: "Say where each step happens (designed in, made in, packed in) or drop the origin claim."\n'
    )
    lines.append(
        '    source: {name: "UCPD 2005/29/EC art. 6(1)(b) (geographical origin); FTC 16 CFR Part 323; India Legal Metrology (Packaged Commodities) Rules 2011 r.6(1)(aa); UAE Federal Law 15/2020 on Consumer Protection; Saudi Anti-Commercial Fraud Law (Royal Decree M/19, 1429H) art. 2; UZNK art. 8 (PL)", url: "https://eur-lex.europa.eu/eli/dir/2005/29/oj"}\n'
    )
    lines.append("    patterns:\n")
    for country, pats in rules():
        lines.append(f"      # {country}\n")
        for p in pats:
            lines.append(f"      - {json.dumps(p, ensure_ascii=False)}\n")
    lines.append("    examples:\n")
    for k in ("match", "no_match"):
        lines.append(f"      {k}: {json.dumps(EXAMPLES[k], ensure_ascii=False)}\n")
    OUT.write_text("".join(lines), encoding="utf-8")
    print(OUT, sum(len(p) for _, p in rules()), "patterns")


if __name__ == "__main__":
    main()
