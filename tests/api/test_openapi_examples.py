"""Every request example in the OpenAPI document is one the server accepts: a CMS developer who copies
an example from /docs gets a 2xx, never a 422 (the examples once used a channel the server refused)."""


from studio.checks.finding import Finding
from tests.helpers.api import auth, client, db_url, keys, seed_asset, seed_campaign  # noqa: F401

CLAIM = Finding(rule="de.uwg.absolute_claim", category="absolute_claim", severity="warn", start=4, end=9,
                message="Absolute claim needs proof")


def resolve(doc, schema):
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def request_examples(doc):
    """(method, path, example body) for every example of every request body in the document."""
    out = []
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            content = (op.get("requestBody") or {}).get("content", {}).get("application/json")
            if not content:
                continue
            schema = content.get("schema", {})
            found = list(schema.get("examples") or resolve(doc, schema).get("examples") or [])
            found += [e["value"] for e in (content.get("examples") or {}).values()]
            out += [(method.upper(), path, example) for example in found]
    return out


def test_the_document_has_an_example_for_every_request_body(client):
    doc = client.get("/openapi.json").json()
    with_body = {(m.upper(), p) for p, ops in doc["paths"].items() for m, op in ops.items() if op.get("requestBody")}
    assert {(m, p) for m, p, _ in request_examples(doc)} == with_body


def test_every_request_example_is_accepted(client, keys, db_url):
    doc = client.get("/openapi.json").json()
    examples = request_examples(doc)
    assert len(examples) >= 8
    campaign = seed_campaign(db_url, "Examples Launch")
    for n, (method, path, body) in enumerate(examples, start=1):
        asset_id = seed_asset(db_url, campaign, variant=n, text="Das beste Wasser der Welt.",
                              findings=[CLAIM])  # a fresh asset at version 1 for each example
        r = client.request(method, path.format(asset_id=asset_id), json=body, headers=auth(keys["admin"]))
        assert 200 <= r.status_code < 300, (method, path, body, r.status_code, r.text[:500])
