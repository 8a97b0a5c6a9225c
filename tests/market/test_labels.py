"""The market's own disclosure labels read out of a text the way the check engine reads a draft (without_labels)."""

from studio.market.labels import without_labels


def test_labels_are_read_out_where_they_stand_as_labels():
    assert without_labels("Ad: Lumo: Soft Skin (AI-generated)", "en-GB") == "Lumo: Soft Skin"
    assert without_labels("Soft skin from dawn to dusk · AI-generated", "en-GB") == "Soft skin from dawn to dusk"
    assert without_labels("広告: Lumo (AI生成)", "ja-JP") == "Lumo"


def test_the_label_words_inside_a_sentence_stay_they_are_the_claim():
    """'our AI-generated spokesmodel' is the ai_disclosure claim a reviewer needs read, not a label."""
    text = "Introducing Nova, our AI-generated spokesmodel, wearing the spring line"
    assert without_labels(text, "en-GB") == text
