"""Who is who in the demo: the customer's stakeholders, our sales team, the accounts and deals.

Northwind Logistics, a regional logistics firm, is evaluating a supply-chain
visibility platform ("Control Tower") from OurCo. Fifteen stakeholders in four
departments; one of them, a Senior Financial Analyst, carries far more weight
than her title says (the Fox). Everyone is addressed in the story by a short
key ("priya", "robert"); the CRM ids are what the files carry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CUSTOMER_DOMAIN = "northwind-logistics.example"
INTERNAL_DOMAIN = "ourco.example"
CUSTOMER_TZ = "America/New_York"
CUSTOMER_COMPANY = "Northwind Logistics"


@dataclass(frozen=True, slots=True)
class Stakeholder:
    key: str
    contact_id: str
    name: str
    title: str
    department: str
    phone: str
    reports_to: str | None  # key of their manager, None for the top of a department
    stance: str  # supporter | neutral | opponent (towards Control Tower)
    level: str  # c_suite | vp | director | manager | individual_contributor
    local_part: str = ""  # e-mail local part; default first.last
    aliases: tuple[str, ...] = ()  # other addresses the same person writes from
    display_variants: tuple[str, ...] = ()  # other ways mail clients show the name
    tz: str = CUSTOMER_TZ
    outlook: bool = True  # customer side quotes with "-----Original Message-----"

    @property
    def email(self) -> str:
        local = self.local_part or self.name.lower().replace(" ", ".")
        return f"{local}@{CUSTOMER_DOMAIN}"

    @property
    def first_name(self) -> str:
        return self.name.split()[0]


@dataclass(frozen=True, slots=True)
class SellerProfile:
    key: str
    seller_id: str
    name: str
    title: str
    phone: str
    tz: str
    style: str  # pull | push | manager | engineer
    aliases: tuple[str, ...] = ()
    display_variants: tuple[str, ...] = ()
    outlook: bool = False

    @property
    def email(self) -> str:
        return f"{self.name.lower().replace(' ', '.')}@{INTERNAL_DOMAIN}"

    @property
    def first_name(self) -> str:
        return self.name.split()[0]

    @property
    def department(self) -> str:
        return "Sales"


STAKEHOLDERS: tuple[Stakeholder, ...] = (
    # Finance
    Stakeholder(
        "robert",
        "NW-C01",
        "Robert Halvorsen",
        "CFO",
        "Finance",
        "+1 614 555 0101",
        None,
        "neutral",
        "c_suite",
        aliases=("bob.halvorsen@" + CUSTOMER_DOMAIN,),
        display_variants=("Halvorsen, Robert", "Bob Halvorsen"),
    ),
    Stakeholder(
        "daniel",
        "NW-C03",
        "Daniel Okafor",
        "Corporate Controller",
        "Finance",
        "+1 614 555 0103",
        "robert",
        "neutral",
        "director",
        display_variants=("Okafor, Daniel",),
    ),
    Stakeholder(
        "priya",
        "NW-C02",
        "Priya Raman",
        "Senior Financial Analyst",
        "Finance",
        "+1 614 555 0102",
        "daniel",
        "supporter",
        "individual_contributor",
        display_variants=("Raman, Priya",),
    ),
    Stakeholder(
        "laura",
        "NW-C04",
        "Laura Bennett",
        "Dir., FP&A",
        "Finance",
        "+1 614 555 0104",
        "robert",
        "neutral",
        "director",
        display_variants=("Bennett, Laura",),
    ),
    Stakeholder(
        "kevin",
        "NW-C05",
        "Kevin Marsh",
        "AP Specialist",
        "Finance",
        "+1 614 555 0105",
        "daniel",
        "neutral",
        "individual_contributor",
    ),
    # IT
    Stakeholder(
        "sandra",
        "NW-C06",
        "Sandra Whitfield",
        "CIO",
        "IT",
        "+1 614 555 0201",
        None,
        "supporter",
        "c_suite",
        display_variants=("Whitfield, Sandra",),
    ),
    Stakeholder(
        "tomas",
        "NW-C07",
        "Tomás Herrera",
        "Sr. Dir. IT Infrastructure",
        "IT",
        "+1 614 555 0202",
        "sandra",
        "opponent",
        "director",
        local_part="tomas.herrera",
        aliases=("therrera@" + CUSTOMER_DOMAIN,),
        display_variants=("Herrera, Tomás", "Tomas Herrera"),
    ),
    Stakeholder(
        "grace",
        "NW-C08",
        "Grace Liu",
        "Enterprise Architect",
        "IT",
        "+1 614 555 0203",
        "tomas",
        "supporter",
        "individual_contributor",
        display_variants=("Liu, Grace",),
    ),
    Stakeholder(
        "ahmed",
        "NW-C09",
        "Ahmed Farouk",
        "Mgr, Information Security",
        "IT",
        "+1 614 555 0204",
        "sandra",
        "neutral",
        "manager",
    ),
    # Operations
    Stakeholder(
        "michael",
        "NW-C10",
        "Michael Brandt",
        "VP, Operations",
        "Operations",
        "+1 614 555 0301",
        None,
        "supporter",
        "vp",
        display_variants=("Brandt, Michael", "Mike Brandt"),
    ),
    Stakeholder(
        "janet",
        "NW-C11",
        "Janet Kowalski",
        "Director, Distribution Centers",
        "Operations",
        "+1 614 555 0302",
        "michael",
        "neutral",
        "director",
        display_variants=("Kowalski, Janet",),
    ),
    Stakeholder(
        "luis",
        "NW-C12",
        "Luis Ortega",
        "Shift Supervisor, Columbus DC",
        "Operations",
        "+1 614 555 0303",
        "janet",
        "opponent",
        "individual_contributor",
    ),
    Stakeholder(
        "hannah",
        "NW-C13",
        "Hannah Price",
        "Transportation Planner",
        "Operations",
        "+1 901 555 0304",
        "janet",
        "supporter",
        "individual_contributor",
        tz="America/Chicago",
    ),
    # Procurement
    Stakeholder(
        "gary",
        "NW-C14",
        "Gary Whitman",
        "Head of Procurement",
        "Procurement",
        "+1 614 555 0401",
        "robert",
        "neutral",
        "director",
        display_variants=("Whitman, Gary",),
    ),
    Stakeholder(
        "olivia",
        "NW-C15",
        "Olivia Chen",
        "Procurement Mgr",
        "Procurement",
        "+1 614 555 0402",
        "gary",
        "neutral",
        "manager",
    ),
)

SELLERS: tuple[SellerProfile, ...] = (
    SellerProfile(
        "elena",
        "OC-S01",
        "Elena Marquez",
        "Regional Sales Manager",
        "+1 312 555 0190",
        "America/New_York",
        "manager",
    ),
    SellerProfile(
        "aisha",
        "OC-S02",
        "Aisha Coleman",
        "Senior Account Executive",
        "+1 312 555 0191",
        "America/Chicago",
        "pull",
    ),
    SellerProfile(
        "jordan",
        "OC-S03",
        "Jordan Blake",
        "Account Executive",
        "+1 312 555 0192",
        "America/New_York",
        "push",
        display_variants=("Blake, Jordan",),
    ),
    SellerProfile(
        "raj",
        "OC-S04",
        "Raj Patel",
        "Solutions Engineer",
        "+44 20 7946 0194",
        "Europe/London",
        "engineer",
        aliases=("rpatel@" + INTERNAL_DOMAIN,),
    ),
)

TEAM_NAME = "Central Enterprise"
TEAM_REGION = "North America Central"

Person = Stakeholder | SellerProfile
PEOPLE: dict[str, Person] = {p.key: p for p in (*STAKEHOLDERS, *SELLERS)}

FOX_KEY = "priya"
EFFORT_STARVER_KEY = "luis"
ECONOMIC_BUYER_KEY = "robert"


@dataclass(frozen=True, slots=True)
class AccountRow:
    account_id: str
    name: str
    domain: str
    sector: str
    employees: int
    revenue_musd: str
    location: str
    parent_account_id: str = ""


ACCOUNTS: tuple[AccountRow, ...] = (
    AccountRow(
        "NW-A01",
        CUSTOMER_COMPANY,
        CUSTOMER_DOMAIN,
        "Logistics",
        2400,
        "612.50",
        "Columbus, OH, USA",
    ),
    AccountRow(
        "HP-A01",
        "Harbor Point Foods",
        "harborpoint-foods.example",
        "Food & Beverage",
        860,
        "194.00",
        "Toledo, OH, USA",
    ),
    AccountRow(
        "RG-A00",
        "Ridgeline Group",
        "ridgeline-group.example",
        "Manufacturing",
        5200,
        "1480.00",
        "Pittsburgh, PA, USA",
    ),
    AccountRow(
        "RG-A01",
        "Ridgeline Components",
        "ridgeline-components.example",
        "Manufacturing",
        640,
        "131.75",
        "Erie, PA, USA",
        parent_account_id="RG-A00",
    ),
)

# Contacts at the small accounts: (contact_id, account_id, name, title, department, phone, reports_to_id)
OTHER_CONTACTS: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    (
        "HP-C01",
        "HP-A01",
        "Marcus Webb",
        "Director of Supply Chain",
        "Operations",
        "+1 419 555 0110",
        "",
    ),
    (
        "HP-C02",
        "HP-A01",
        "Nina Sorensen",
        "Logistics Analyst",
        "Operations",
        "+1 419 555 0111",
        "HP-C01",
    ),
    ("RG-C01", "RG-A01", "Frank DeLuca", "VP Manufacturing", "Operations", "+1 814 555 0120", ""),
    (
        "RG-C02",
        "RG-A01",
        "Yuki Tanaka",
        "Purchasing Manager",
        "Procurement",
        "+1 814 555 0121",
        "RG-C01",
    ),
)

OTHER_DOMAINS = {
    "HP-A01": "harborpoint-foods.example",
    "RG-A01": "ridgeline-components.example",
}


@dataclass(frozen=True, slots=True)
class DealRow:
    deal_id: str
    name: str
    account_id: str
    owner: str  # seller key
    product: str
    stage: str
    amount: str
    created_on: str
    close_on: str
    outcome: str  # open | won | lost | no_decision
    currency: str = "USD"
    note: str = ""
    contacts: tuple[str, ...] = field(default_factory=tuple)


DEALS: tuple[DealRow, ...] = (
    # Northwind: three open deals
    DealRow(
        "NW-D01",
        "Northwind - Control Tower platform",
        "NW-A01",
        "aisha",
        "Control Tower",
        "Proposal",
        "480000.00",
        "2024-03-11",
        "2024-09-30",
        "open",
        note="The main initiative: real-time visibility across 14 DCs and 600 carriers.",
        contacts=("michael", "priya", "grace", "robert"),
    ),
    DealRow(
        "NW-D02",
        "Northwind - Route Optimizer expansion",
        "NW-A01",
        "jordan",
        "Route Optimizer",
        "Negotiation",
        "210000.00",
        "2024-04-02",
        "2024-06-28",
        "open",
        note="Pushed for end of quarter; procurement is stalling.",
        contacts=("gary", "olivia", "janet"),
    ),
    DealRow(
        "NW-D03",
        "Northwind - Dock Scheduling pilot",
        "NW-A01",
        "jordan",
        "Dock Scheduling",
        "Discovery",
        "65000.00",
        "2024-05-20",
        "2024-10-31",
        "open",
        contacts=("janet", "luis", "tomas"),
    ),
    # Northwind: closed history
    DealRow(
        "NW-D04",
        "Northwind - Analytics Cloud",
        "NW-A01",
        "aisha",
        "Analytics Cloud",
        "Closed Won",
        "150000.00",
        "2022-01-17",
        "2022-05-27",
        "won",
        contacts=("laura", "priya"),
    ),
    DealRow(
        "NW-D05",
        "Northwind - Yard Management",
        "NW-A01",
        "jordan",
        "Yard Management",
        "Closed Lost",
        "180000.00",
        "2023-02-06",
        "2023-06-30",
        "lost",
        note="Lost to Lumatrack on price.",
        contacts=("janet", "gary"),
    ),
    DealRow(
        "NW-D06",
        "Northwind - Carrier Portal",
        "NW-A01",
        "jordan",
        "Carrier Portal",
        "Closed - No Decision",
        "95000.00",
        "2023-07-10",
        "2023-12-15",
        "no_decision",
        note="Stalled: IT and Operations never agreed who owns it.",
        contacts=("tomas", "michael"),
    ),
    DealRow(
        "NW-D07",
        "Northwind - Analytics Cloud renewal",
        "NW-A01",
        "aisha",
        "Analytics Cloud",
        "Closed Won",
        "48000.00",
        "2023-03-01",
        "2023-05-26",
        "won",
        contacts=("laura",),
    ),
    # Other accounts
    DealRow(
        "HP-D01",
        "Harbor Point - Route Optimizer",
        "HP-A01",
        "jordan",
        "Route Optimizer",
        "Closed Won",
        "72000.00",
        "2023-09-04",
        "2023-11-30",
        "won",
    ),
    DealRow(
        "HP-D02",
        "Harbor Point - Control Tower",
        "HP-A01",
        "aisha",
        "Control Tower",
        "Qualification",
        "140000.00",
        "2024-06-03",
        "2024-12-20",
        "open",
    ),
    DealRow(
        "RG-D01",
        "Ridgeline - Dock Scheduling",
        "RG-A01",
        "jordan",
        "Dock Scheduling",
        "Closed Lost",
        "54000.00",
        "2023-10-02",
        "2024-01-31",
        "lost",
    ),
)
