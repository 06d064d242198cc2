"""Links across records (pantau.network), pages and API. An identifier and the signals are read by the
offices that act on such links: Dinas Sosial and KPAI supervisors and case workers, and police
investigators (NETWORK_VIEW). In the world, the Dinas Sosial supervisor and the PPA unit's investigator
(the case worker is the UPTD PPA's: no network); both may export the referral packet (NETWORK_PACKET)
and act on a signal (triage, investigation). Outside the jurisdiction ("out", Medan's): 404 for them,
403 for everyone else.

The pages that read no method answer a POST as a GET (a row each). A search that finds nothing the
reader may see is not a refusal: the page shows "not found" (200) and the API answers 404 without an
``access.denied`` event, as for a number that is nowhere (so a miss says nothing of others' records).
"""

from __future__ import annotations

from typing import Any

from pantau.accounts.tests.matrix.table import Row, allow, api, rows

NETWORK = frozenset({"supervisor", "investigator"})

READ = {"in": allow(NETWORK), "out": allow(hide=NETWORK)}


def _search(targets: Any) -> dict[str, Any]:
    return {"kind": "bank", "value": targets["network_search"]}


ROWS: list[Row] = [
    *rows("network:index", "/network/", GET=allow(NETWORK)),
    # A search found redirects to the identifier; one outside the reader's records is "not found".
    *rows(
        "network:index", "/network/", POST={"in": allow(NETWORK, 302), "out": allow(NETWORK)}, data=_search
    ),
    *rows("network:entity", "/network/identifiers/{network_entity}/", both=READ),
    *rows("network:graph", "/network/identifiers/{network_entity}/graph/", both=READ),
    *rows("network:packet", "/network/identifiers/{network_entity}/packet/", both=READ),
    *rows("network:signal", "/network/signals/{network_signal}/", both=READ),
    # Opening a concern succeeds (a note is optional); setting aside without a reason is refused (400).
    *rows(
        "network:signal_concern",
        "/network/signals/{network_signal}/concern/",
        POST={"in": allow(NETWORK, 302), "out": allow(hide=NETWORK)},
        data={"note": ""},
    ),
    *rows(
        "network:signal_set_aside",
        "/network/signals/{network_signal}/set-aside/",
        POST={"in": allow(NETWORK, 400), "out": allow(hide=NETWORK)},
        data={"note": ""},
    ),
    api("/network/signals", "GET", allow(NETWORK)),
    api("/network/signals/{signal_id}", "GET", READ, url="/network/signals/{network_signal}"),
    api(
        "/network/signals/{signal_id}/concern",
        "POST",
        {"in": allow(NETWORK), "out": allow(hide=NETWORK)},
        url="/network/signals/{network_signal}/concern",
        data={"note": ""},
    ),
    api(
        "/network/signals/{signal_id}/set-aside",
        "POST",
        {"in": allow(NETWORK, 422), "out": allow(hide=NETWORK)},
        url="/network/signals/{network_signal}/set-aside",
        data={"note": ""},
    ),
    api(
        "/network/search",
        "POST",
        {"in": allow(NETWORK), "out": allow(hide=NETWORK)},
        data=_search,
        audited=False,
    ),
    api("/network/entities/{entity_id}", "GET", READ, url="/network/entities/{network_entity}"),
    api("/network/entities/{entity_id}/graph", "GET", READ, url="/network/entities/{network_entity}/graph"),
    api("/network/entities/{entity_id}/packet", "GET", READ, url="/network/entities/{network_entity}/packet"),
]
