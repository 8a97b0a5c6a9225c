"""Glossary reading across Han character forms (checks-rest56, issue 9): a Han name written with another form of
the same character: the Chinese form of a Japanese character ("藍步" for 藍歩: 步 is the Chinese form, 歩 the
Japanese shinjitai), the old Japanese form (kyūjitai, "櫻" for 桜), a simplified form in a traditional name or
the reverse ("龍" for 龙), or a name-variant (itaiji, "髙" for 高, "﨑" for 崎). A brand is written one way (ICC
Code art. 1; the glossary's kept terms), and the reader sees another character, so it is the name altered, not
absent: a warn at that span, as ``altered`` warns for a Latin name one letter off. A variant of the same
character is no other word, so this reads two-character names too (native_altered needs three: a character
*off* in a two-character word is too often another word).

Sources: the Unicode Han Database (Unihan, UAX #38: kSimplifiedVariant, kTraditionalVariant, kZVariant,
kSemanticVariant, unicode.org/charts/unihan.html); the Japanese shinjitai/kyūjitai pairs of the Jōyō kanji table
(文化庁 常用漢字表 2010, its 康熙字典体 column; Wikipedia "Shinjitai", "List of jōyō kanji") and the name
variants of the 人名用漢字 list (戸籍法施行規則 別表第二). Each group below is one character in its forms
(Japanese / traditional / simplified); only the commonest characters of brand and shop names are listed.
"""

from __future__ import annotations

from functools import lru_cache

# One character per group, its forms in any order: Japanese shinjitai, kyūjitai / traditional, simplified.
_GROUPS = """
歩步 円圓圆 国國 学學 桜櫻樱 広廣广 沢澤泽 浜濱滨 気氣气 楽樂乐 売賣卖 読讀读 薬藥药 鉄鐵铁 竜龍龙 亀龜龟
恵惠 絵繪绘 芸藝艺 医醫 体體 来來 会會 伝傳传 写寫 労勞劳 発發 県縣县 関關关 東东 車车 馬马 魚鱼 鳥鸟 長长
門门 見见 語语 話话 電电 飯饭 麺麵 貝贝 買买 貨货 銀银 鏡镜 鐘钟 針针 錦锦 鮮鲜 鶴鹤 鳳凤 龍 華华 葉叶 藍蓝
蘭兰 園园 圏圈 団團团 図圖图 窓窗 蔵藏 蔵 庁廳厅 応應应 恋戀恋 愛爱 楼樓 様樣样 権權权 横橫 検檢检 桧檜桧
栄榮荣 営營营 覚覺觉 挙舉举 誉譽誉 単單单 巌巖岩 岳嶽 峡峽峡 島嶋岛 崎﨑嵜 高髙 辺邊邉边 斎齋 吉𠮷 徳德 
塩鹽盐 酒 醤醬酱 茶 湯汤 温溫 満滿满 湾灣湾 滝瀧 渓溪 涼凉 清 浅淺浅 済濟济 渋澁涩 焼燒烧 灯燈 炉爐炉 点點点
黒黑 黄黃 緑綠绿 紅红 紺绀 絹绢 綿绵 糸絲丝 経經经 続續续 総總总 縁緣缘 縄繩绳 繊纖纤 継繼继 練鍊炼 錬煉
軽輕轻 転轉转 輪轮 辞辭辞 農农 郷鄉乡 都 鉱鑛矿 銭錢钱 鋳鑄铸 録錄录 陽阳 陰阴 険險险 隣鄰邻 雑雜杂 雲云
霊靈灵 静靜静 韓韩 頭头 顔顏颜 風风 飛飞 飲饮 館館馆 餅餠饼 駅驛驿 験驗验 髪髮发 鬼 麦麥麦 齢齡龄 歯齒齿
芽 菓 薫薰 芦蘆芦 荘莊庄 蛍螢萤 虫蟲虫 衛衞卫 装裝装 西 覧覽览 観觀观 触觸触 証證证 読 謡謠谣 豊豐丰 賛贊赞
践踐践 軒轩 酔醉醉 釈釋释 鉢 銘铭 閣阁 闘鬥斗 陣阵 隆 雅 雪 鯛鲷 鶏雞鸡 騰腾 鹸鹼碱 麗丽 黙默 齋 亜亞亚 仏佛 価價价
倹儉俭 児兒儿 従從从 戦戰战 戯戲戏 戸戶 抜拔 拝拜 択擇择 拡擴扩 攻 数數数 斉齊齐 旧舊旧 昼晝昼 晩晚 暁曉晓
楽 歓歡欢 歳歲岁 殻殼壳 毎每 涙淚泪 渇渴 漢汉 獣獸兽 猫貓 瑠 画畫画 当當当 痩瘦 盗盜盗 礼禮礼 祝 神 祥 福 禅禪禅
秘祕 穂穗穗 稲稻稻 穏穩稳 空 窃竊窃 竹 粋粹 粛肅肃 糧 紀纪 純纯 素 細细 織织 美 翠 聴聽听 肉 脳腦脑 舗舖铺 舎舍
"""


@lru_cache(maxsize=1)
def _fold_map() -> dict[str, str]:
    out: dict[str, str] = {}
    for group in _GROUPS.split():
        chars = list(dict.fromkeys(group))
        if len(chars) < 2:
            continue
        head = chars[0]
        for ch in chars:
            out.setdefault(ch, head)
    return out


def _fold(text: str) -> str:
    fm = _fold_map()
    return "".join(fm.get(ch, ch) for ch in text)


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003134f"


def han_variant(term: str, text: str) -> tuple[int, int]:
    """Span of ``term`` written in ``text`` with one or more of its Han characters in another form of the same
    character (see the module docstring); (-1, -1) if none. Compared character for character: ``term`` and the
    span fold to the same characters and differ where written."""
    t = term.strip()
    if not any(_is_han(ch) for ch in t) or len(t) < 2:
        return -1, -1
    ft, fx = _fold(t), _fold(text)
    if ft == t and not any(ch in _fold_map() for ch in t):
        return -1, -1
    k = fx.find(ft)
    while k >= 0:
        piece = text[k : k + len(t)]
        if piece != t:
            return k, k + len(t)
        k = fx.find(ft, k + 1)
    return -1, -1
