"""Generate cultural_rules/<market>/variety.yaml: words of the other variety of the market's language (glossary).

Where two markets share a language, each writes some words its own way: "colour"/"color", "telemóvel"/"celular",
"ordenador"/"computadora", "fin de semaine"/"week-end". Copy written in the other variety reads as an import. The
rules come from tables, not from a hand list of misses:

- en-GB, en-IN (British spelling, as Indian English writes it) and en-US: the British/American spelling pairs of
  breame 0.1.2 (``breame/data/spelling_constants.py``, Apache-2.0), kept only where the form is not also a word of
  the market's own SCOWL/VarCon word list (Debian ``wbritish``/``wamerican`` 2020.12.07: "program", "check",
  "meter", "tire" are British words too), and for the British markets never an -ize spelling that Oxford
  spelling allows ("organize" is British too): ``scripts/variety/en_spelling.tsv``.
- pt-BR: the lexical table of LanguageTool's pt-BR/replace.txt (``scripts/variety/pt_lexical.tsv``) and the European
  spellings found by comparing the two word lists: a word of Debian ``wportuguese`` that ``wbrazilian`` lacks, whose
  Brazilian form is it with é/ó before m/n written ê/ô ("prémio"/"prêmio") or with a silent c/p dropped
  ("acção"/"ação", "óptimo"/"ótimo"): ``scripts/variety/pt_spelling.tsv``.
- en-GB (vocabulary): American words for everyday things ("sidewalk", "diaper", "faucet", "zip code") taken from
  breame 0.1.2's American-only terms (``breame/data/american_terms_constants.py``, Apache-2.0, from Wikipedia's
  "List of words having different meanings in American and British English"): only the ones ``EN_VOCABULARY`` keeps
  (a shop, home, food or car word a brand's copy might use, with the British word breame names), each checked
  against breame at refresh: ``scripts/variety/en_vocabulary.tsv``.
- es-MX / es-ES and fr-CA / fr-FR: the tables below, each pair from the source it cites.

    PYTHONPATH=. .venv/bin/python scripts/variety_rules.py            # rewrites the variety.yaml files
    PYTHONPATH=. .venv/bin/python scripts/variety_rules.py --refresh BREAME_DIR
        # rebuilds the two spelling tables from breame's source and /usr/share/dict (apt-get install wbritish
        # wamerican wbrazilian wportuguese), then the rules
    PYTHONPATH=. .venv/bin/python scripts/variety_rules.py --refresh-vocabulary BREAME_DIR
        # rebuilds scripts/variety/en_vocabulary.tsv from breame's source (pip download breame==0.1.2), then the rules
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TABLES = ROOT / "scripts" / "variety"
MIN_ZIPF = 2.0  # spelling pairs: only words a copywriter might write (wordfreq 3.1)

BREAME = {"name": "breame 0.1.2 British/American spelling pairs (Apache-2.0), filtered by SCOWL/VarCon word lists (Debian wbritish/wamerican)",
          "url": "https://pypi.org/project/breame/"}
LT_PT = {"name": "LanguageTool pt-BR/replace.txt (from Wikipedia 'Lista de diferenças lexicais entre versões da língua portuguesa', CC BY-SA 3.0); "
                 "European spellings from Debian wportuguese vs wbrazilian",
         "url": "https://github.com/languagetool-org/languagetool/blob/master/languagetool-language-modules/pt/src/main/resources/org/languagetool/rules/pt/pt-BR/replace.txt"}
ASALE = {"name": "ASALE, Diccionario de americanismos (2010) and RAE/ASALE Diccionario panhispánico de dudas (regional marks Esp. / Méx.)",
         "url": "https://www.asale.org/damer/"}
BREAME_TERMS = {"name": "breame 0.1.2 American-only terms with their British equivalents (Apache-2.0; from Wikipedia, "
                        "'List of words having different meanings in American and British English')",
                "url": "https://pypi.org/project/breame/"}
OQLF = {"name": "OQLF, Grand dictionnaire terminologique and Banque de dépannage linguistique (termes recommandés au Québec)",
        "url": "https://vitrinelinguistique.oqlf.gouv.qc.ca/"}

# Spain-only words in Mexican copy (marked Esp. in the DPD; the Mexican word from the Diccionario de americanismos).
# Left out: words both varieties use or that mean something else in Mexico (piso, vale, carro, móvil as an adjective).
ES_SPAIN = [("ordenador", "computadora"), ("ordenadores", "computadoras"), ("zumo", "jugo"), ("zumos", "jugos"),
            ("coche", "carro / auto"), ("coches", "carros / autos"), ("gafas", "lentes"), ("gafas de sol", "lentes de sol"),
            ("patatas", "papas"), ("patata", "papa"), ("guay", "padre / chido"), ("mola", "está padre"), ("molan", "están padres"),
            ("aparcar", "estacionar"), ("aparcamiento", "estacionamiento"), ("melocotón", "durazno"),
            ("chaqueta", "chamarra"), ("enhorabuena", "felicidades"), ("vosotros", "ustedes"),
            ("vosotras", "ustedes"), ("vuestro", "su"), ("vuestra", "su"), ("vuestros", "sus"), ("vuestras", "sus"),
            ("tu móvil", "tu celular"), ("el móvil", "el celular"), ("del móvil", "del celular"), ("teléfono móvil", "teléfono celular"),
            ("chaval", "chavo"), ("chavales", "chavos"), ("guisantes", "chícharos"), ("judías verdes", "ejotes"),
            ("cacahuetes", "cacahuates"), ("nata", "crema"), ("pajita", "popote"),
            ("maletero", "cajuela"), ("billete de avión", "boleto de avión"), ("entradas de cine", "boletos de cine")]
# Mexican-only words in Spanish (Spain) copy (marked Méx. in the Diccionario de americanismos).
ES_MEXICO = [("computadora", "ordenador"), ("celular", "móvil"), ("celulares", "móviles"), ("jugo", "zumo"), ("jugos", "zumos"),
             ("chamarra", "chaqueta"), ("playera", "camiseta"), ("playeras", "camisetas"), ("padrísimo", "genial"), ("chido", "guay"),
             ("chida", "guay"), ("ahorita", "ahora"), ("platicar", "charlar"), ("platica", "charla"), ("platiquen", "charlen"),
             ("platiquemos", "charlemos"), ("cuate", "colega"), ("cuates", "colegas"), ("rentar", "alquilar"),
             ("recámara", "dormitorio"), ("alberca", "piscina"), ("popote", "pajita"), ("cajuela", "maletero"), ("elote", "mazorca"),
             ("cacahuate", "cacahuete"), ("cacahuates", "cacahuetes"), ("jitomate", "tomate"), ("chícharos", "guisantes"),
             ("durazno", "melocotón"), ("duraznos", "melocotones"), ("betabel", "remolacha"),
             ("güey", "tío"), ("chamba", "trabajo")]
# France usage that the OQLF advises against in Quebec copy, with its recommended term.
FR_FRANCE = [("week-end", "fin de semaine"), ("week-ends", "fins de semaine"), ("weekend", "fin de semaine"), ("shopping", "magasinage"),
             ("e-mail", "courriel"), ("e-mails", "courriels"), ("email", "courriel"), ("emails", "courriels"), ("parking", "stationnement"),
             ("chewing-gum", "gomme"), ("smartphone", "téléphone intelligent"), ("smartphones", "téléphones intelligents"),
             ("hashtag", "mot-clic"), ("hashtags", "mots-clics"), ("spam", "pourriel"), ("spams", "pourriels"), ("podcast", "balado"),
             ("podcasts", "balados"), ("tchat", "clavardage"), ("newsletter", "infolettre"), ("newsletters", "infolettres"),
             ("start-up", "jeune pousse"), ("food truck", "camion de cuisine de rue"), ("food trucks", "camions de cuisine de rue"),
             ("best-seller", "succès de librairie"), ("best-sellers", "succès de librairie"),
             ("mail", "courriel"), ("mails", "courriels"), ("faire du shopping", "magasiner")]
# Quebec usage in France copy (marked Québec in the OQLF's GDT and the Usito dictionary).
FR_QUEBEC = [("magasinage", "shopping"), ("magasiner", "faire du shopping"), ("magasinez", "faites votre shopping"), ("infolettre", "newsletter"),
             ("clavardage", "chat"), ("clavarder", "chatter"), ("pourriel", "spam"), ("mot-clic", "hashtag"), ("mots-clics", "hashtags"),
             ("cellulaire", "portable"), ("cellulaires", "portables"), ("breuvage", "boisson"), ("breuvages", "boissons"),
             ("tuque", "bonnet"), ("tuques", "bonnets"), ("blé d'Inde", "maïs"),
             ("bleuets", "myrtilles"), ("bleuet", "myrtille"), ("piasses", "dollars"),
             ("camion de cuisine de rue", "food truck")]

# American words in British copy (breame's key, the British word breame gives, the American plural a copywriter
# writes, if any). Kept: words for goods, food, the home, clothes, shops and cars that a brand's copy uses and a
# British reader notices as American. Left out: words British copy uses as well ("fries", "sneakers", "stroller",
# "eraser", "public holiday", "front desk"), words with a second meaning in Britain ("checkers", "bangs", "derby",
# "trash", "upscale": a video is upscaled), slang and institutions (US law, school years, police). "Mom jeans" is
# what British shops call the cut too (EN_VOCABULARY_EXCEPTIONS).
EN_VOCABULARY = [
    ("acetaminophen", "paracetamol", ""), ("arugula", "rocket", ""), ("band-aid", "plaster", "band-aids"),
    ("barrette", "hair slide", "barrettes"), ("baseboard", "skirting board", "baseboards"),
    ("bell pepper", "pepper", "bell peppers"), ("blood sausage", "black pudding", ""), ("bobby pin", "hair grip", "bobby pins"),
    ("candy apple", "toffee apple", "candy apples"), ("cell phone", "mobile phone", "cell phones"), ("cellphone", "mobile phone", "cellphones"),
    ("checking account", "current account", "checking accounts"), ("cilantro", "coriander", ""),
    ("costume party", "fancy-dress party", "costume parties"), ("cotton candy", "candy floss", ""),
    ("counterclockwise", "anti-clockwise", ""), ("diaper", "nappy", "diapers"), ("dish towel", "tea towel", "dish towels"),
    ("dishwashing liquid", "washing-up liquid", ""), ("driver's license", "driving licence", "driver's licenses"),
    ("drugstore", "chemist", "drugstores"), ("eggplant", "aubergine", "eggplants"), ("fanny pack", "bum bag", "fanny packs"),
    ("faucet", "tap", "faucets"), ("flashlight", "torch", "flashlights"), ("freeway", "motorway", "freeways"),
    ("frosting", "icing", ""), ("garbage can", "bin", "garbage cans"), ("gasoline", "petrol", ""),
    ("hard candy", "boiled sweets", "hard candies"), ("ladybug", "ladybird", "ladybugs"), ("laundromat", "launderette", "laundromats"),
    ("license plate", "number plate", "license plates"), ("math", "maths", ""), ("mom", "mum", "moms"),
    ("nightstand", "bedside table", "nightstands"), ("off-the-rack", "off-the-peg", ""), ("pantyhose", "tights", ""),
    ("parking garage", "multi-storey car park", "parking garages"), ("parking lot", "car park", "parking lots"),
    ("plastic wrap", "cling film", ""), ("plush toy", "cuddly toy", "plush toys"), ("popsicle", "ice lolly", "popsicles"),
    ("powdered sugar", "icing sugar", ""), ("realtor", "estate agent", "realtors"), ("scallion", "spring onion", "scallions"),
    ("scotch tape", "Sellotape", ""), ("self-rising flour", "self-raising flour", ""), ("shredded cheese", "grated cheese", ""),
    ("sidewalk", "pavement", "sidewalks"), ("skim milk", "skimmed milk", ""), ("station wagon", "estate car", "station wagons"),
    ("sweatpants", "tracksuit bottoms", ""), ("takeout", "takeaway", ""), ("thumbtack", "drawing pin", "thumbtacks"),
    ("trashcan", "bin", "trashcans"), ("undershirt", "vest", "undershirts"),
    ("vacationer", "holidaymaker", "vacationers"), ("washcloth", "flannel", "washcloths"), ("wastebasket", "wastepaper basket", "wastebaskets"),
    ("windshield", "windscreen", "windshields"), ("zip code", "postcode", "zip codes"), ("zipper", "zip", "zippers"),
    ("zucchini", "courgette", "zucchinis"),
]

EN_VOCABULARY_EXCEPTIONS = ["mom jeans", "mom-jeans", "mom fit", "mom-fit"]


def _tsv(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (TABLES / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            a, b = line.split("\t")
            rows.append((a, b))
    return rows


def _rule(market: str, rid: str, wrong: str, right: str, pairs: list[tuple[str, str]], source: dict, *, inflect: bool,
          match: list[str], no_match: list[str], exceptions: list[str] | None = None) -> dict:
    pairs = sorted({(a, b) for a, b in pairs if a.casefold() != b.casefold()})
    sample = ", ".join(f"{a} → {b}" for a, b in pairs[:: max(1, len(pairs) // 8)][:8])
    rule = {
        "id": rid, "type": "terms", "category": "glossary", "severity": "warn",
        "message": f"{wrong} in {market} copy: {right} readers write this word differently.",
        "suggestion": f"Use the {market} form ({sample}).",
        "source": source,
        "applies_to": {"kinds": ["copy", "video_script"]},
        "inflect": inflect,
        "terms": sorted({a for a, _ in pairs}),
    }
    if exceptions:
        rule["exceptions"] = exceptions
    rule["examples"] = {"match": match, "no_match": no_match}
    return rule


def rules() -> dict[str, list[dict]]:
    to_gb = [(am, br) for br, am, way in _en_rows() if way in ("both", "gb")]
    to_us = [(br, am) for br, am, way in _en_rows() if way in ("both", "us")]
    pt = _tsv("pt_lexical.tsv") + _tsv("pt_spelling.tsv")
    out: dict[str, list[dict]] = {}
    for market in ("en-GB", "en-IN"):
        out[market] = [_rule(market, f"{market.lower().replace('-', '')}.glossary.american_spelling", "American spelling",
                             "British-spelling", to_gb, BREAME, inflect=False,
                             match=["Our favorite color for the new season", "Visit our new store in the city center"],
                             no_match=["Our favourite colour for the new season", "A computer program that organizes your photos"])]
    out["en-GB"].append(_rule("en-GB", "engb.glossary.american_vocabulary", "American vocabulary", "British", _tsv("en_vocabulary.tsv"),
                              BREAME_TERMS, inflect=False,
                              match=["Free delivery to your zip code, no matter where you live",
                                     "Stock up on diapers and wipes this weekend",
                                     "Park in our parking lot and walk straight in"],
                              no_match=["Free delivery to your postcode, no matter where you live",
                                        "Stock up on nappies and wipes this weekend",
                                        "The tap on the bar pours our own pale ale",
                                        "High-waisted mom jeans in washed denim"],
                              exceptions=EN_VOCABULARY_EXCEPTIONS))
    out["en-US"] = [_rule("en-US", "enus.glossary.british_spelling", "British spelling", "American", to_us, BREAME, inflect=False,
                          match=["Our favourite colour for the new season", "Visit our new store in the city centre"],
                          no_match=["Our favorite color for the new season", "Theatre tickets for two"])]
    out["pt-BR"] = [_rule("pt-BR", "ptbr.glossary.european_portuguese", "European Portuguese", "Brazilian", pt, LT_PT, inflect=False,
                          match=["Compre o seu telemóvel com desconto", "Ganhe um prémio na compra do pequeno-almoço"],
                          no_match=["Compre o seu celular com desconto", "Ganhe um prêmio na compra do café da manhã"])]
    out["es-MX"] = [_rule("es-MX", "esmx.glossary.spain_spanish", "Spain Spanish", "Mexican", ES_SPAIN, ASALE, inflect=False,
                          match=["Compra tu ordenador con 20% de descuento", "Zumo de naranja recién exprimido"],
                          no_match=["Compra tu computadora con 20% de descuento", "Jugo de naranja recién exprimido"])]
    out["es-ES"] = [_rule("es-ES", "eses.glossary.mexican_spanish", "Mexican Spanish", "Spanish (Spain)", ES_MEXICO, ASALE, inflect=False,
                          match=["Compra tu celular con 20% de descuento", "Jugo de naranja recién exprimido"],
                          no_match=["Compra tu móvil con 20% de descuento", "Zumo de naranja recién exprimido", "Jersey de lana merino"])]
    out["fr-CA"] = [_rule("fr-CA", "frca.glossary.france_french", "France French", "Quebec", FR_FRANCE, OQLF, inflect=False,
                          match=["Profitez du week-end pour faire du shopping", "Inscrivez-vous à notre newsletter"],
                          no_match=["Profitez de la fin de semaine pour magasiner", "Inscrivez-vous à notre infolettre"])]
    out["fr-FR"] = [_rule("fr-FR", "frfr.glossary.quebec_french", "Quebec French", "France", FR_QUEBEC, OQLF, inflect=False,
                          match=["Bon magasinage à tous !", "Abonnez-vous à notre infolettre"],
                          no_match=["Bon shopping à tous !", "Abonnez-vous à notre newsletter", "Un chat tout doux pour les enfants"])]
    return out


def _en_rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in (TABLES / "en_spelling.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            br, am, way = line.split("\t")
            rows.append((br, am, way))
    return rows


def render(market: str, market_rules: list[dict]) -> str:
    header = "# Generated by scripts/variety_rules.py from the tables it names: edit the script or scripts/variety/, not this file.\n"
    return header + yaml.safe_dump({"pack": market, "rules": market_rules}, allow_unicode=True, sort_keys=False, width=200)


def refresh(breame_dir: Path) -> None:
    """Rebuild scripts/variety/en_spelling.tsv and pt_spelling.tsv from breame and the SCOWL/Debian word lists."""
    from wordfreq import zipf_frequency

    ns: dict = {}
    exec((breame_dir / "breame" / "data" / "spelling_constants.py").read_text(encoding="utf-8"), ns)  # noqa: S102 - a data module
    words = {name: set(Path(f"/usr/share/dict/{name}").read_text(encoding="utf-8").split("\n"))
             for name in ("british-english", "american-english", "brazilian", "portuguese")}
    oxford = re.compile(r"(iz)")
    rows = []
    for br, am in sorted(ns["BRITISH_ENGLISH_SPELLINGS"].items()):
        if " " in br or " " in am or br == am or zipf_frequency(br, "en") < MIN_ZIPF and zipf_frequency(am, "en") < MIN_ZIPF:
            continue
        gb = am not in words["british-english"] and oxford.sub("is", am) != br
        us = br not in words["american-english"]
        if gb or us:
            rows.append(f"{br}\t{am}\t{'both' if gb and us else 'gb' if gb else 'us'}")
    (TABLES / "en_spelling.tsv").write_text(
        "# british<TAB>american<TAB>where the pair is kept (gb: the American form in British copy; us: the British form in\n"
        "# American copy; both). From breame 0.1.2 spelling_constants.py (Apache-2.0); a form that is in the market's\n"
        "# SCOWL word list (Debian wbritish/wamerican 2020.12.07) is a word there too and is not kept; -ize/-yze forms\n"
        "# are British (Oxford spelling; -yze is not). Generated by scripts/variety_rules.py --refresh.\n" + "\n".join(rows) + "\n", encoding="utf-8")
    br_words, pt_words = words["brazilian"], words["portuguese"]
    pairs = []
    for w in sorted(pt_words):
        if not w or w in br_words or not w.islower() or zipf_frequency(w, "pt") < MIN_ZIPF:
            continue
        for cand in _brazilian_forms(w):
            if cand in br_words:
                pairs.append(f"{w}\t{cand}")
                break
    (TABLES / "pt_spelling.tsv").write_text(
        "# European Portuguese spelling<TAB>Brazilian spelling: words of Debian wportuguese that wbrazilian lacks and whose\n"
        "# Brazilian form differs by é/ó -> ê/ô before m/n or a silent c/p (acção/ação). Generated by\n"
        "# scripts/variety_rules.py --refresh.\n" + "\n".join(pairs) + "\n", encoding="utf-8")


def refresh_vocabulary(breame_dir: Path) -> None:
    """Rebuild scripts/variety/en_vocabulary.tsv: the ``EN_VOCABULARY`` words, each found in breame's American-only
    terms (a key, or one of a key's comma-separated forms), with its plural."""
    ns: dict = {}
    exec((breame_dir / "breame" / "data" / "american_terms_constants.py").read_text(encoding="utf-8"), ns)  # noqa: S102 - a data module
    keys = {form.strip() for key in ns["AMERICAN_ENGLISH_ONLY_TERMS"] for form in key.split(",")}
    missing = [am for am, _, _ in EN_VOCABULARY if am not in keys]
    if missing:
        raise SystemExit(f"not among breame's American-only terms: {', '.join(missing)}")
    rows = [f"{form}\t{br}" for am, br, plural in EN_VOCABULARY for form in (am, plural) if form]
    (TABLES / "en_vocabulary.tsv").write_text(
        "# american<TAB>british: American words in British copy. From breame 0.1.2 american_terms_constants.py (Apache-2.0),\n"
        "# the words scripts/variety_rules.py EN_VOCABULARY keeps, with their plurals. Generated by\n"
        "# scripts/variety_rules.py --refresh-vocabulary.\n" + "\n".join(rows) + "\n", encoding="utf-8")


def _brazilian_forms(word: str) -> list[str]:
    out = []
    for m in re.finditer(r"[éó](?=[mn])", word):
        out.append(word[:m.start()] + {"é": "ê", "ó": "ô"}[m.group()] + word[m.end():])
    for m in re.finditer(r"[cp](?=[cçt])", word if len(word) >= 6 else ""):
        out.append(word[:m.start()] + word[m.end():])
    return out


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--refresh":
        refresh(Path(sys.argv[2]))
    if len(sys.argv) > 2 and sys.argv[1] == "--refresh-vocabulary":
        refresh_vocabulary(Path(sys.argv[2]))
    for market, market_rules in rules().items():
        path = ROOT / "cultural_rules" / market / "variety.yaml"
        path.write_text(render(market, market_rules), encoding="utf-8")
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
