"""Probe copy for the weakest markets (th-TH, ms-MY): is a market behind because of how its text is read, or
because of what its packs cover? Written for this probe (checks-thai20, issue 9), never taken from a corpus.

``PARALLEL``: the same violation (or clean line) written in en-GB, th-TH and ms-MY; a market that scores well
below en-GB on the same content points at a reading cause (segmentation, matching, the language gates, the
semantic layer's units). ``MARKET``: Thai and Malay lines of the classes the market packs cover. A line counts as
read when its expected category gets a warn or block finding, and a clean line when it gets none.

    nice -n 10 .venv/bin/python -m bench.market_probe [--misses]
"""

from __future__ import annotations

import argparse
import sys

PARALLEL = [
("alcohol", "Cold craft lager, buy two get one free this Friday at our rooftop bar", "คราฟต์เบียร์เย็นฉ่ำ ซื้อสองแถมหนึ่งคืนวันศุกร์นี้ที่รูฟท็อปบาร์ของเรา", "Bir kraf sejuk, beli dua percuma satu Jumaat ini di bar atas bumbung kami"),
("alcohol", "Our new gin cocktail makes every party unforgettable, order now", "ค็อกเทลจินตัวใหม่ ทำให้ทุกปาร์ตี้สนุกไม่รู้ลืม สั่งเลย", "Koktel gin baharu kami jadikan setiap parti tak dapat dilupakan, pesan sekarang"),
("alcohol", "Whisky gift set for New Year, 20% off, delivered to your door", "ชุดของขวัญวิสกี้รับปีใหม่ ลด 20% ส่งถึงบ้าน", "Set hadiah wiski sempena Tahun Baru, diskaun 20%, hantar ke rumah"),
("health_claim", "This herbal tea cures diabetes in 30 days, no more medicine", "ชาสมุนไพรนี้รักษาเบาหวานหายใน 30 วัน ไม่ต้องกินยาอีกต่อไป", "Teh herba ini menyembuhkan kencing manis dalam 30 hari, tak perlu ubat lagi"),
("health_claim", "Collagen drink that reverses ageing and kills cancer cells", "เครื่องดื่มคอลลาเจนช่วยย้อนวัยและฆ่าเซลล์มะเร็ง", "Minuman kolagen yang membalikkan penuaan dan membunuh sel kanser"),
("health_claim", "Slimming capsules: lose 10 kg in one week without diet", "แคปซูลลดน้ำหนัก ลด 10 กิโลในหนึ่งสัปดาห์ ไม่ต้องคุมอาหาร", "Kapsul pelangsing: turun 10 kg dalam seminggu tanpa diet"),
("absolute_claim", "The best noodle shop in the whole country, guaranteed", "ร้านก๋วยเตี๋ยวที่อร่อยที่สุดในประเทศ รับประกัน", "Kedai mi paling sedap di seluruh negara, dijamin"),
("absolute_claim", "Number one sunscreen, 100% protection from every ray", "กันแดดอันดับหนึ่ง ปกป้องรังสีได้ 100% ทุกชนิด", "Pelindung matahari nombor satu, perlindungan 100% daripada semua sinaran"),
("comparative", "Twice as fast as Brand X and half the price of their rubbish phones", "เร็วกว่ายี่ห้อเอกซ์สองเท่า ราคาครึ่งเดียวของมือถือห่วยๆ ของเขา", "Dua kali lebih laju daripada Jenama X dan separuh harga telefon teruk mereka"),
("price", "Was 1,999 now 999! Original price never actually charged", "จากปกติ 1,999 เหลือ 999! ราคาเต็มที่ไม่เคยขายจริง", "Dulu RM199 kini RM99! Harga asal yang tak pernah dikenakan"),
("price", "Only 5 minutes left! This price disappears at midnight forever", "เหลือเวลาอีก 5 นาทีเท่านั้น! ราคานี้หายไปตลอดกาลตอนเที่ยงคืน", "Tinggal 5 minit sahaja! Harga ini hilang selamanya tengah malam"),
("free_claim", "Free phone! Just sign a 36-month contract at 1,500 a month", "มือถือฟรี! แค่ทำสัญญา 36 เดือน เดือนละ 1,500 บาท", "Telefon percuma! Cuma tandatangan kontrak 36 bulan RM150 sebulan"),
("gambling", "Sign up at our online casino, get 200 bonus credits, withdraw instantly", "สมัครคาสิโนออนไลน์ของเรา รับโบนัส 200 เครดิต ถอนได้ทันที", "Daftar di kasino dalam talian kami, dapat 200 kredit bonus, keluarkan segera"),
("gambling", "Bet on tonight's football match, best odds in town", "แทงบอลคู่คืนนี้ ราคาน้ำดีที่สุด", "Bertaruh pada perlawanan bola sepak malam ini, odds terbaik"),
("children", "Kids, ask mum to buy you this candy now or you're not cool", "น้องๆ ไปบอกแม่ให้ซื้อขนมนี้เดี๋ยวนี้ ไม่งั้นไม่เท่นะ", "Adik-adik, suruh mak beli gula-gula ini sekarang, kalau tak, tak cool"),
("religion", "Buddha head lamp for your bathroom, zen vibes on sale", "โคมไฟเศียรพระพุทธรูปสำหรับห้องน้ำ ฟีลเซนลดราคา", "Lampu kepala Buddha untuk bilik air anda, suasana zen dijual murah"),
("religion", "Monk-approved energy drink, even the temple loves it", "เครื่องดื่มชูกำลังที่พระสงฆ์รับรอง วัดไหนก็ชอบ", "Minuman tenaga diluluskan sami, kuil pun suka"),
("religion", "Doormat printed with verses from the holy book", "พรมเช็ดเท้าพิมพ์ลายบทสวดจากคัมภีร์ศักดิ์สิทธิ์", "Keset kaki bercetak ayat daripada kitab suci"),
("national_symbol", "The King's favourite coffee, buy it now 30% off", "กาแฟที่ในหลวงโปรด ซื้อเลย ลด 30%", "Kopi kegemaran Sultan, beli sekarang diskaun 30%"),
("national_symbol", "National flag printed on our new beach towels and flip-flops", "ธงชาติพิมพ์บนผ้าเช็ดตัวชายหาดและรองเท้าแตะรุ่นใหม่", "Bendera kebangsaan dicetak pada tuala pantai dan selipar baharu kami"),
("politics", "Vote for our party in the election, the only honest choice", "เลือกพรรคของเราในการเลือกตั้ง ทางเลือกเดียวที่ซื่อสัตย์", "Undi parti kami dalam pilihan raya, satu-satunya pilihan jujur"),
("halal_claim", "100% halal fried chicken, trust us", "ไก่ทอดฮาลาล 100% เชื่อเราได้", "Ayam goreng 100% halal, percayalah"),
("dietary", "Crispy pork belly combo for Ramadan iftar", "ข้าวหมูกรอบชุดละศีลอดช่วงรอมฎอน", "Kombo perut babi rangup untuk iftar Ramadan"),
("green_claim", "Eco-friendly, 100% carbon neutral plastic bags", "ถุงพลาสติกรักษ์โลก คาร์บอนนิวทรัล 100%", "Beg plastik mesra alam, 100% neutral karbon"),
("origin_claim", "Made in Switzerland quality watches, assembled in our factory in China", "นาฬิกาคุณภาพสวิสเมด ประกอบที่โรงงานของเราในจีน", "Jam tangan kualiti buatan Switzerland, dipasang di kilang kami di China"),
("taboo_colour", "Wedding gift wrapped in black and white paper", "ของขวัญแต่งงานห่อด้วยกระดาษสีขาวดำ", "Hadiah perkahwinan dibalut kertas hitam putih"),
("taboo_symbol", "Image: a man resting his feet on the table pointing at his grandmother", "ภาพ: ผู้ชายวางเท้าบนโต๊ะชี้ไปทางคุณยาย", "Imej: lelaki meletakkan kaki di atas meja menghala ke neneknya"),
("nsfw", "Sexy nude model in bed, explicit", "นางแบบเปลือยเซ็กซี่บนเตียง โจ่งแจ้ง", "Model bogel seksi di atas katil, eksplisit"),
("profanity", "This price is f***ing insane, damn cheap", "ราคานี้โคตรเหี้ยเลย ถูกชิบหาย", "Harga ni gila babi, murah sial"),
("ai_disclosure", "Meet our new virtual influencer, she's real and loves our serum", "มาพบกับอินฟลูเอนเซอร์คนใหม่ของเรา เธอตัวจริงและรักเซรั่มนี้", "Kenali pempengaruh baharu kami, dia benar-benar wujud dan suka serum ini"),
("ad_disclosure", "I just love this serum, honestly my skin has never been better #blessed", "ฉันชอบเซรั่มนี้มาก ผิวไม่เคยดีขนาดนี้ #blessed", "Saya suka sangat serum ini, kulit saya tak pernah secantik ini #blessed"),
("taboo_number", "Lucky number 4 sale: 44% off everything", "เซลเลข 4 นำโชค ลด 44% ทุกชิ้น", "Jualan nombor bertuah 4: diskaun 44% semua"),
("clean", "Fresh mango sticky rice, made daily in our kitchen", "ข้าวเหนียวมะม่วงสด ทำสดใหม่ทุกวันในครัวของเรา", "Pulut mangga segar, dibuat setiap hari di dapur kami"),
("clean", "New running shoes with a cushioned sole, available in three colours", "รองเท้าวิ่งรุ่นใหม่ พื้นนุ่ม มีให้เลือกสามสี", "Kasut larian baharu dengan tapak empuk, ada tiga warna"),
("clean", "Book your hotel room early and get a free breakfast for two", "จองห้องพักล่วงหน้า รับอาหารเช้าฟรีสำหรับสองท่าน", "Tempah bilik hotel awal dan dapatkan sarapan percuma untuk dua orang"),
("clean", "Our bank app lets you pay bills in seconds", "แอปธนาคารของเราช่วยให้คุณจ่ายบิลได้ในไม่กี่วินาที", "Aplikasi bank kami membolehkan anda bayar bil dalam beberapa saat"),
("clean", "Celebrate the holidays with family, our store opens 10am to 9pm", "ฉลองวันหยุดกับครอบครัว ร้านเปิด 10 โมงเช้าถึง 3 ทุ่ม", "Raikan cuti bersama keluarga, kedai kami dibuka 10 pagi hingga 9 malam"),
("clean", "Herbal tea to enjoy after dinner, light and fragrant", "ชาสมุนไพรดื่มหลังอาหาร หอมละมุน", "Teh herba untuk dinikmati selepas makan malam, ringan dan wangi"),
]

MARKET = [
("comparative","th-TH","ทรูช้าจนน่าหงุดหงิด ย้ายมาค่ายเราแรงกว่าเห็นๆ"),
("comparative","th-TH","ข้าวมันไก่เจ้าดังข้างๆ สู้ร้านเราไม่ได้หรอก รสชาติห่างกันเยอะ"),
("comparative","th-TH","ผงซักฟอกยี่ห้ออื่นซักไม่ออก ของเราขาวกว่าสองเท่า"),
("comparative","th-TH","ถูกกว่า Shopee ทุกชิ้น ไม่ต้องไปหาที่ไหนแล้ว"),
("comparative","ms-MY","Celcom slow macam siput, tukar ke kami laju 5 kali ganda"),
("comparative","ms-MY","Jenama lain semua tipu, hanya kami yang betul-betul berkesan"),
("comparative","ms-MY","Lebih murah daripada Shopee dan Lazada, jaminan!"),
("absolute_claim","th-TH","ปลอดภัย 100% ไม่มีผลข้างเคียงแน่นอน"),
("absolute_claim","th-TH","เจ้าแรกและเจ้าเดียวในไทย ไม่มีใครเทียบได้"),
("absolute_claim","th-TH","สูตรเด็ดที่สุด ใครกินก็ติดใจ การันตีความอร่อยระดับโลก"),
("absolute_claim","ms-MY","Produk terbaik di Malaysia, tiada tandingan!"),
("absolute_claim","ms-MY","Selamat 100%, tiada kesan sampingan langsung"),
("health_claim","th-TH","กาแฟลดน้ำหนัก ลดพุงใน 7 วัน ผ่าน อย. แล้ว ดีท็อกซ์ล้างสารพิษ"),
("health_claim","th-TH","อาหารเสริมบำรุงไต ป้องกันมะเร็ง แพทย์แนะนำ"),
("health_claim","th-TH","น้ำมันนวดสมุนไพร แก้ปวดเข่า หายขาดไม่ต้องผ่าตัด"),
("health_claim","ms-MY","Jamu ini merawat darah tinggi dan buah pinggang, doktor pun guna"),
("health_claim","ms-MY","Kopi kurus, turun 5 kg seminggu, lulus KKM"),
("religion","th-TH","เสื้อยืดลายพระพุทธเจ้าใส่ไปปาร์ตี้ริมหาด"),
("religion","th-TH","ฉาก: เณรน้อยเต้นแร็พถือขวดน้ำอัดลมของเราในโบสถ์"),
("religion","th-TH","รอยสักยันต์พระพุทธรูปบนขา ลดราคาสักวันนี้"),
("religion","ms-MY","Kasut dengan kaligrafi Allah di tapak, edisi terhad"),
("religion","ms-MY","Ustaz pun suka vape perisa baharu kami!"),
("religion","ms-MY","Azan jadi ringtone promosi, muat turun sekarang"),
("halal_claim","ms-MY","Bakeri kami mesra Muslim, semua bahan halal insyaAllah"),
("halal_claim","ms-MY","Sos cili 100% halal tanpa sijil pun tak apa, kami jamin"),
("halal_claim","th-TH","ร้านอาหารมุสลิม อาหารฮาลาลแท้ ไม่ต้องห่วง"),
("national_symbol","th-TH","ฉลองวันชาติด้วยธงไตรรงค์บนรองเท้าแตะรุ่นใหม่"),
("national_symbol","th-TH","ราชินีก็ทรงใช้ครีมนี้ ผิวสวยแบบราชวงศ์"),
("national_symbol","ms-MY","Jalur Gemilang dicetak pada seluar dalam edisi Merdeka"),
("national_symbol","ms-MY","Lagu Negaraku versi remix untuk iklan kedai kami"),
("politics","th-TH","เลือกตั้งนี้กาเบอร์ 7 แล้วรับส่วนลดที่ร้าน"),
("politics","ms-MY","Sokong Pakatan, dapat diskaun 20% di kedai kami"),
("profanity","th-TH","ราคาถูกโคตรๆ ของดีสัสๆ"),
("profanity","ms-MY","Harga murah nak mampus, barang power gila bodoh"),
("formality","th-TH","เรียนลูกค้าผู้มีอุปการคุณ ซื้อเลยจ้าาา อย่าช้าน้า แกร"),
("formality","ms-MY","Tuan/Puan yang dihormati, korang jom beli cepat weh"),
("gambling","th-TH","หวยลาว หวยฮานอย แทงได้ที่นี่ จ่ายบาทละ 900"),
("gambling","ms-MY","Nombor ekor 4D naik esok, beli tiket sekarang"),
("clean","th-TH","ร้านเปิดทุกวัน 8 โมงเช้า ถึง 2 ทุ่ม จอดรถได้หน้าร้าน"),
("clean","th-TH","สูตรคุณยายที่ทำต่อกันมาสามรุ่น ไม่ใส่ผงชูรส"),
("clean","th-TH","วันแม่ปีนี้ พาคุณแม่ไปทานข้าวนอกบ้าน ร้านเรามีเมนูพิเศษ"),
("clean","th-TH","ปรึกษาแพทย์ก่อนใช้ยาทุกครั้ง ร้านยาเราเปิด 24 ชั่วโมง"),
("clean","ms-MY","Kedai kami dibuka setiap hari, parkir percuma di hadapan"),
("clean","ms-MY","Selamat Hari Raya Aidilfitri, maaf zahir dan batin daripada kami semua"),
("clean","ms-MY","Resipi nenek yang diwarisi tiga generasi, tanpa MSG"),
]

MARKETS = ("en-GB", "th-TH", "ms-MY")


def rows() -> list[tuple[str, str, str]]:
    """(category, locale, text) for every probe line; category "clean" for a line that must stay clean."""
    out = [(cat, loc, text) for cat, *texts in PARALLEL for loc, text in zip(MARKETS, texts)]
    return out + list(MARKET)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--misses", action="store_true", help="list the lines not read")
    args = ap.parse_args(argv)
    from studio.checks.asset import CheckInput
    from studio.checks.engine import get_check_engine

    probe = rows()
    found = get_check_engine().check_many(
        [CheckInput(id=str(i), locale=loc, kind="copy", text=text) for i, (_, loc, text) in enumerate(probe)])
    score: dict[tuple[str, str], list[int]] = {}
    for n, ((cat, loc, text), fs) in enumerate(zip(probe, found)):
        alerted = {f.category for f in fs if f.severity in ("warn", "block")}
        ok = not alerted if cat == "clean" else cat in alerted
        part = "parallel" if n < len(PARALLEL) * len(MARKETS) else "market"
        tally = score.setdefault((part, loc), [0, 0])
        tally[0] += ok
        tally[1] += 1
        if args.misses and not ok:
            print(f"  {loc} {cat}: got {sorted(alerted)}: {text}")
    for (part, loc), (hit, total) in sorted(score.items()):
        print(f"{part:<9} {loc}  {hit}/{total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
