"""A program uses Sweetspot through a client generated from its OpenAPI document.

Run by .ci/run after `openapi-python-client generate`: the generated package must import and
answer real calls against the demo server (base URL and bearer token from the arguments).
"""

import sys

from sweetspot_api_client import AuthenticatedClient
from sweetspot_api_client.api.accounts import me
from sweetspot_api_client.api.calls import get_call
from sweetspot_api_client.api.programmes import list_programmes, list_themes
from sweetspot_api_client.api.submissions import list_selected_challenges, list_submissions
from sweetspot_api_client.models import Problem


def main(base_url: str, token: str) -> None:
    client = AuthenticatedClient(base_url=base_url, token=token, raise_on_unexpected_status=True)
    person = me.sync(client=client)
    assert not isinstance(person, Problem), person
    assert person.email == "staff@demo.example", person.email
    assert any(t.slug == "opsi" for t in person.tenants), person.tenants

    programmes = list_programmes.sync("opsi", client=client)
    assert not isinstance(programmes, Problem), programmes
    assert "incubator-2024" in [p.slug for p in programmes], programmes

    call = get_call.sync("opsi", "incubator-2024", "challenges", client=client)
    assert not isinstance(call, Problem), call
    assert call.questions, "the demo call asks questions"

    themes = list_themes.sync("opsi", client=client)
    assert not isinstance(themes, Problem) and themes, themes

    page = list_submissions.sync("opsi", "incubator-2024", "challenges", client=client, status="submitted")
    assert not isinstance(page, Problem), page
    assert page.items and all(s.status == "submitted" for s in page.items), page

    # The ids a solution offers to help: the programme's selected challenges.
    selected = list_selected_challenges.sync("opsi", "incubator-2024", client=client)
    assert not isinstance(selected, Problem) and len(selected) == 4, selected

    # A refusal arrives as the document's problem type, not as an exception or a crash.
    refused = list_submissions.sync("opsi", "incubator-2024", "challenges", client=client, theme="not-a-theme")
    assert isinstance(refused, Problem) and refused.status == 422, refused
    print(f"generated client: {len(programmes)} programmes, {len(page.items)} submitted entries on the first page")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
