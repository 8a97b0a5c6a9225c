"""The inbox: mentions, replies and change requests addressed to a reviewer; new until they open it."""

from studio.review import decisions as review
from studio.review.decisions import Actor
from studio.review.inbox import inbox, mark_read, unread
from studio.store.database import session_scope

ANNA = Actor("anna", "reviewer", ("de-DE",))
LENA = Actor("lena", "lead", ("de-DE",))
PAUL = Actor("paul", "reviewer", ("fr-FR",))


def kinds(db_url, actor):
    with session_scope(db_url) as s:
        return [(n.kind, n.asset_id, n.actor, n.new) for n in inbox(s, actor)]


def test_mentions_replies_and_change_requests_reach_the_right_reviewer(db_url, make_asset):
    a, b, c = make_asset("Erster Text."), make_asset("Zweiter Text."), make_asset("Dritter Text.")
    with session_scope(db_url) as s:
        review.edit(s, b, ANNA, expected_version=1, text="Zweiter Text, von Anna.")  # anna worked on b
        mine = review.comment(s, c, ANNA, "Passt der Ton?")
    with session_scope(db_url) as s:
        review.comment(s, a, LENA, "@anna bitte den Preis prüfen")  # a mention
        review.comment(s, a, LENA, "@annabelle ist jemand anderes")  # not anna
        review.decide(s, b, "request_changes", LENA, expected_version=2, reason="kürzer bitte")  # on anna's edit
        review.comment(s, c, LENA, "Ja, passt.", parent_id=mine.id)  # a reply
        review.comment(s, c, ANNA, "@anna Notiz an mich")  # her own: never a notice
        review.comment(s, a, LENA, "@paul schau mal")  # paul is mentioned, but a is de-DE, not his locale
    assert sorted(kinds(db_url, ANNA)) == sorted([("mention", a, "lena", True), ("changes_requested", b, "lena", True),
                                                  ("reply", c, "lena", True)])
    assert kinds(db_url, PAUL) == []
    assert kinds(db_url, LENA) == [("comment", c, "anna", True)] * 2  # lena joined c's thread: anna's notes there
    with session_scope(db_url) as s:
        assert unread(s, ANNA) == 3
        mark_read(s, ANNA)
    with session_scope(db_url) as s:
        assert unread(s, ANNA) == 0 and len(inbox(s, ANNA)) == 3  # read, still listed
        review.comment(s, b, LENA, "Und noch etwas")  # a comment on an asset anna worked on
    with session_scope(db_url) as s:
        assert unread(s, ANNA) == 1
