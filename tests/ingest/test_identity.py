"""Identity resolution as a pure function: name variants, address patterns, constraints."""

from __future__ import annotations

from softpower.ingest.identity import AddressFacts, first_names_agree, organisation, resolve


def people_of(facts: list[AddressFacts]) -> dict[str, str]:
    return {link.address: link.person_id for link in resolve(facts)}


def fact(address: str, *names: str, person: str | None = None, **kwargs: object) -> AddressFacts:
    return AddressFacts(
        address=address,
        person_id=person or f"email:{address}",
        names={name: 3 for name in names},
        **kwargs,  # type: ignore[arg-type]
    )


def test_name_variants_and_address_patterns_make_one_person() -> None:
    facts = [
        fact("jeff.skilling@enron.com", "Jeff Skilling"),
        fact("jskilling@enron.com"),
        fact("jeffrey.skilling@enron.com", "Skilling, Jeffrey K"),
        fact("sherri.sera@enron.com", "Sherri Sera"),
    ]
    links = {link.address: link for link in resolve(facts)}
    person = links["jeff.skilling@enron.com"].person_id
    assert links["jskilling@enron.com"].person_id == person
    assert links["jeffrey.skilling@enron.com"].person_id == person
    assert links["sherri.sera@enron.com"].person_id == "email:sherri.sera@enron.com"
    assert links["jskilling@enron.com"].confidence == 0.7
    assert "spells" in links["jskilling@enron.com"].evidence
    assert "forms of one name" in links["jeffrey.skilling@enron.com"].evidence


def test_different_first_names_or_organisations_stay_apart() -> None:
    people = people_of(
        [
            fact("john.smith@acme.example", "John Smith"),
            fact("jane.smith@acme.example", "Jane Smith"),
            fact("jsmith@acme.example"),  # spells both: ambiguous, left alone
            fact("john.smith@other.example", "John Smith"),
        ]
    )
    assert len(set(people.values())) == 4


def test_an_initial_cannot_chain_two_different_people() -> None:
    people = people_of(
        [
            fact("john.smith@acme.example", "John Smith"),
            fact("j.smith@acme.example"),
            fact("jane.smith@acme.example", "Jane Smith"),
        ]
    )
    assert people["john.smith@acme.example"] != people["jane.smith@acme.example"]


def test_crm_contact_keeps_its_id_and_two_contacts_never_merge() -> None:
    people = people_of(
        [
            fact("priya.raman@nw.example", "Priya Raman", person="NW-C02"),
            fact("praman@nw.example"),
            fact("p.raman@nw.example", "Priya Raman", person="NW-C99"),
        ]
    )
    assert people["praman@nw.example"] == "email:praman@nw.example"  # fits both: left alone
    assert people["priya.raman@nw.example"] == "NW-C02"
    assert people["p.raman@nw.example"] == "NW-C99"


def test_manual_decisions_win() -> None:
    people = people_of(
        [
            fact("jeff.skilling@enron.com", "Jeff Skilling"),
            fact("jeff.skilling2@enron.com", "Jeff Skilling", split=True),
            fact("ceo@enron.com", merged_into="email:jeff.skilling@enron.com"),
            fact("jeff.skilling@home.example", merged_into="email:jeff.skilling@enron.com"),
        ]
    )
    assert people["jeff.skilling2@enron.com"] == "email:jeff.skilling2@enron.com"
    assert people["ceo@enron.com"] == "email:jeff.skilling@enron.com"
    assert people["jeff.skilling@home.example"] == "email:jeff.skilling@enron.com"


def test_first_names_and_domains() -> None:
    assert first_names_agree("jeff", "jeffrey") is not None
    assert first_names_agree("phillip", "philip") is not None
    assert first_names_agree("bob", "robert") is not None
    assert first_names_agree("john", "jane") is None
    assert organisation("a@mail.enron.com") == "enron.com"
    assert organisation("a@x.co.uk") == "x.co.uk"


def test_exchange_middle_initial_form_and_surname_only_addresses() -> None:
    people = people_of(
        [
            fact("phillip.allen@enron.com", "Phillip K Allen"),
            fact("k..allen@enron.com"),  # Phillip K Allen, first name left out
            fact("kimberly.allen@enron.com", "Kimberly Allen"),
            fact("kaminski@enron.com"),
            fact("vince.kaminski@enron.com", "Vince J Kaminski"),
            fact("j.kaminski@enron.com"),  # the middle initial again
            fact("m..scott@enron.com"),  # no Scott with middle initial m: left alone
            fact("susan.scott@enron.com", "Susan Scott"),
        ]
    )
    assert people["k..allen@enron.com"] == people["phillip.allen@enron.com"]
    assert people["kimberly.allen@enron.com"] != people["phillip.allen@enron.com"]
    assert people["kaminski@enron.com"] == people["vince.kaminski@enron.com"]
    assert people["j.kaminski@enron.com"] == people["vince.kaminski@enron.com"]
    assert people["m..scott@enron.com"] == "email:m..scott@enron.com"


def test_a_person_id_is_never_given_to_two_clusters() -> None:
    people = people_of(
        [
            fact("mitzie.scott@enron.com", "Mitzie Scott"),
            fact("m..scott@enron.com", person="email:mitzie.scott@enron.com"),  # earlier merge
        ]
    )
    assert people == {
        "mitzie.scott@enron.com": "email:mitzie.scott@enron.com",
        "m..scott@enron.com": "email:m..scott@enron.com",
    }


def test_a_middle_initial_shown_now_and_then_places_the_exchange_form() -> None:
    susan = AddressFacts(
        "susan.scott@enron.com",
        "email:susan.scott@enron.com",
        names={"Susan Scott": 40, "Susan M Scott": 15},
    )
    facts = [susan, fact("m..scott@enron.com"), fact("sam.scott@enron.com", "Sam Scott")]
    people = people_of(facts)
    assert people["m..scott@enron.com"] == people["susan.scott@enron.com"]
    assert people["sam.scott@enron.com"] != people["susan.scott@enron.com"]
    # shown with two different middle initials: neither is taken
    unsure = AddressFacts(
        "susan.scott@enron.com",
        "email:susan.scott@enron.com",
        names={"Susan Scott": 40, "Susan M Scott": 15, "Susan J Scott": 15},
    )
    people = people_of(
        [unsure, fact("m..scott@enron.com"), fact("sam.scott@enron.com", "Sam Scott")]
    )
    assert people["m..scott@enron.com"] != people["susan.scott@enron.com"]


def test_someone_who_goes_by_their_middle_name() -> None:
    people = people_of(
        [
            fact("v.weldon@enron.com", "V Charles Weldon"),
            fact("charles.weldon@enron.com"),
            fact("dave.weldon@enron.com", "Dave Weldon"),
        ]
    )
    assert people["charles.weldon@enron.com"] == people["v.weldon@enron.com"]
    assert people["dave.weldon@enron.com"] != people["v.weldon@enron.com"]
