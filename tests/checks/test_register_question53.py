"""The ja reader's plain questions (checks-formality53): a 普通体 ending read as informal before a question mark only."""

from studio.checks.language.register import read_register


def _registers(text: str) -> list[str]:
    return [m.register for m in read_register(text, "ja")]


def test_plain_negative_invitation_is_informal_before_a_question_mark() -> None:
    marks = read_register("盆栽、始めてみない？お待ちしております。", "ja")
    assert [(m.register, m.kind) for m in marks] == [("informal", "question"), ("formal", "ending")]
    assert marks[0].form == "ない"


def test_same_ending_before_a_full_stop_is_a_tagline() -> None:
    assert _registers("もう迷わない。ご提案します。") == ["formal"]


def test_polite_question_stays_formal() -> None:
    assert _registers("一緒に見上げませんか？") == ["formal"]
    assert _registers("肩こっていませんか？") == ["formal"]


def test_rhetorical_heading_questions_are_not_read() -> None:
    assert _registers("どうして選ばれるの？") == []
    assert _registers("もう食べた？") == []


def test_progressive_question() -> None:
    assert _registers("この香り、知ってる？") == ["informal"]
