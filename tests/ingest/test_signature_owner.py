"""A signature's title belongs to the sender only when the signature is the sender's own."""

from softpower.ingest.mail_bodies import signature_facts

SHAPIRO = ("Richard Shapiro", "Richard", "richard shapiro", "richard")


def test_an_assistant_signing_for_an_executive_gives_the_executive_no_title() -> None:
    signature = "Ginger Dernehl\nAdministrative Coordinator\nGlobal Government Affairs"
    assert signature_facts(signature, SHAPIRO).title is None


def test_a_circular_listing_other_peoples_titles_after_cc_gives_no_title() -> None:
    signature = "cc:\nBilly Lemmons - Associate/Analyst Program\nManagement Committee"
    assert signature_facts(signature, ("Kenneth Lay", "Kenneth")).title is None


def test_the_senders_own_name_variant_still_gives_the_title() -> None:
    signature = "Bob Halvorsen\nChief Financial Officer\nNorthwind Logistics"
    facts = signature_facts(signature, ("Robert Halvorsen", "Robert"))
    assert facts.title == "Chief Financial Officer"


def test_a_company_line_after_the_title_is_not_taken_for_someone_else() -> None:
    signature = "Rick\nVice President, Trading\nEnron North America"
    facts = signature_facts(signature, SHAPIRO)
    assert (facts.title, facts.department) == ("Vice President", "Trading")


def test_banners_phone_labels_and_a_correspondents_address_are_not_titles() -> None:
    for line in (
        "CONFIDENTIAL;ATTORNEY WORK PRODUCT",
        "Assistant #",
        "Mr. David P. Boergers, Secretary",
        "CONFIDENTIAL/ATTORNEY CLIENT PRIVILEGE",
    ):
        assert signature_facts(f"{line}\nEnron Corp", SHAPIRO).title is None, line


def test_short_titles_in_capitals_stay_titles() -> None:
    assert signature_facts("CFO\nNorthwind Logistics", ("Robert Halvorsen",)).title == "CFO"


def test_the_senders_name_before_a_comma_and_a_space_before_a_comma_are_not_the_title() -> None:
    facts = signature_facts("Michael D. Grigsby, Executive Director", ("Michael Grigsby",))
    assert facts.title == "Executive Director"
    facts = signature_facts("Vice President , West Gas Origination", ("Barry Tycholiz",))
    assert facts.title == "Vice President, West Gas Origination"
    # someone else's name before the comma is still someone else's title
    assert (
        signature_facts("Ginger Dernehl, Administrative Coordinator", ("Jeff Dasovich",)).title
        is None
    )
