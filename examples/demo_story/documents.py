"""Northwind's own documents, our capabilities catalog, and the priorities they imply.

The three documents state the same top three priorities in their own words,
next to other, lesser initiatives (an office consolidation, an HR system, a
new fleet livery) so that a reader has to rank, not just collect.
"""

from __future__ import annotations

from dataclasses import dataclass

TOP_PRIORITIES: tuple[dict[str, object], ...] = (
    {
        "rank": 1,
        "id": "P1",
        "statement": "Raise on-time, in-full (OTIF) delivery from 91% to 97% by the end of 2025",
        "keywords": ["on-time", "in-full", "OTIF", "delivery", "visibility", "exceptions"],
        "outcome": "OTIF 97% by end of 2025",
    },
    {
        "rank": 2,
        "id": "P2",
        "statement": "Cut cost to serve by 8% by 2026, starting with detention, demurrage and empty miles",
        "keywords": ["cost to serve", "detention", "demurrage", "freight", "empty miles"],
        "outcome": "cost to serve -8% by 2026",
    },
    {
        "rank": 3,
        "id": "P3",
        "statement": "Report CO2 per shipment to every customer that asks, and cut fleet emissions 20% by 2027",
        "keywords": ["emissions", "CO2", "carbon", "Scope 3", "sustainability"],
        "outcome": "per-shipment CO2 reporting in 2025; -20% emissions by 2027",
    },
)

LESSER_INITIATIVES = (
    "Consolidate the two Columbus office sites",
    "Replace the HR and payroll system",
    "Refresh the fleet livery and brand",
)

ANNUAL_REPORT_NAME = "northwind_annual_report_2023_excerpt.md"
STRATEGY_MEMO_NAME = "northwind_strategy_memo_2024.txt"
RFP_NAME = "northwind_rfp_supply_chain_visibility.pdf"

ANNUAL_REPORT = """\
# Northwind Logistics — Annual Report 2023 (excerpt)

## Letter to shareholders

2023 was a year of steady growth for Northwind Logistics. Revenue rose 6% to
$612.5 million, we opened our fourteenth distribution centre in Memphis, and we
now move freight for more than 1,100 customers with a network of some 600
contract carriers.

It was also a year that showed us where we must improve. Our on-time, in-full
(OTIF) delivery rate was 91%, below the 95% we promised and well below what our
largest retail customers now require. **Our first priority for 2024 and 2025
is to raise OTIF to 97% by the end of 2025.** That means knowing about an
exception before our customer does, and acting on it.

**Our second priority is cost to serve.** Detention and demurrage charges grew
faster than revenue, and empty miles remain stubbornly high. We have committed
to cutting our cost to serve by 8% by 2026.

**Third, our customers increasingly ask us for the carbon footprint of every
shipment.** We will report CO2 per shipment to every customer that asks,
starting in 2025, and we aim to cut the emissions of our own fleet by 20% by
2027.

We will also consolidate our two Columbus office sites and modernise our HR and
payroll systems, but these are housekeeping; the three priorities above are
where capital will go.

## Operating highlights

| Measure | 2022 | 2023 |
|---|---|---|
| Revenue ($M) | 577.8 | 612.5 |
| OTIF delivery | 92.4% | 91.0% |
| Detention and demurrage ($M) | 1.6 | 2.1 |
| Distribution centres | 13 | 14 |
| Employees | 2,250 | 2,400 |

## Risks

A failed technology rollout during peak season would damage customer
relationships; our 2021 warehouse-system implementation taught us to sequence
change around the October–January peak.

Robert Halvorsen, Chief Financial Officer
Margaret Lindqvist, Chief Executive Officer
"""

STRATEGY_MEMO = """\
NORTHWIND LOGISTICS - INTERNAL
MEMORANDUM

To:      Leadership team
From:    Margaret Lindqvist, CEO; Michael Brandt, VP Operations
Date:    February 12, 2024
Subject: Operating plan 2024-2026: three priorities

Team,

As we close the 2024 plan, I want everyone to work from the same three
priorities. Everything else competes for what is left.

1. Delivery reliability. Raise OTIF from 91% to 97% by the end of 2025. Two of
   our three largest retail customers have written 97% into their 2025
   contracts, with penalties below it. We cannot manage what we cannot see:
   we need live visibility of every load and an exception process that acts
   before the customer calls.

2. Cost to serve. Cut cost to serve by 8% by 2026. Detention and demurrage
   reached $2.1M last year; empty miles are 18% of miles driven. Better
   routing, load building and dock appointments are where the money is.

3. Emissions. Report CO2 per shipment to every customer that asks from 2025
   and cut fleet emissions 20% by 2027. Three customer tenders this year
   scored us on it, and we lost one of them on it.

What we will not do this year: a new ERP, a new WMS, or any go-live between
October 15 and January 10. After 2021, no project goes live in peak.

Lesser initiatives (office consolidation in Columbus, HR and payroll
replacement, fleet livery refresh) continue within their existing budgets.

Finance (Priya Raman) will track the business case for each priority and
report monthly to Robert and to me.

Margaret
"""

RFP_TITLE = "Request for Proposal NWL-2024-017: Supply Chain Visibility Platform"

# The RFP as sections of paragraphs; the generator lays them out as PDF pages.
RFP_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "1. Purpose",
        (
            "Northwind Logistics invites proposals for a supply chain visibility platform "
            "covering 14 distribution centres and about 600 contract carriers.",
            "The platform must support the company's three strategic priorities: raise "
            "on-time, in-full delivery (OTIF) from 91% to 97% by the end of 2025; cut cost "
            "to serve by 8% by 2026, starting with detention and demurrage; and report CO2 "
            "per shipment to customers from 2025.",
        ),
    ),
    (
        "2. Requirements",
        (
            "R1. Real-time location and ETA of every load, including carriers without an "
            "EDI or API connection (mobile or telematics tracking).",
            "R2. Predictive exception alerts at least two hours before a missed appointment, "
            "with a recommended action for the planner.",
            "R3. Automatic rebooking of dock appointments when a load is late.",
            "R4. Detention and demurrage tracking by carrier and by facility.",
            "R5. CO2 per shipment, calculated with the GLEC framework, exportable per customer.",
            "R6. Integration with the existing TMS and WMS without changes to the WMS "
            "during the freeze from August 1 to January 10.",
            "R7. Single sign-on, role-based access, and a documented rollback plan.",
        ),
    ),
    (
        "3. Evaluation criteria",
        (
            "Fit to the three priorities and requirements R1-R7: 40%. Implementation risk and "
            "rollback plan: 25%. Total cost of ownership over three years: 20%. References "
            "from logistics companies of similar size: 15%.",
        ),
    ),
    (
        "4. Timeline",
        (
            "RFP issued: June 24, 2024. Questions due: July 3, 2024. Proposals due: "
            "July 15, 2024. Pilot at three distribution centres: July-August 2024. "
            "Capital committee decision: September 2024. No go-live between October 15 and "
            "January 10.",
        ),
    ),
    (
        "5. Budget and commercial terms",
        (
            "The indicative budget for year one is up to USD 450,000 including services. "
            "Vendors must complete Northwind's vendor onboarding (about 90 days) before "
            "contract signature. Price is one criterion among four; discounts conditional "
            "on a signature date will not be scored.",
        ),
    ),
    (
        "6. Contacts",
        (
            "Procurement: Gary Whitman, Head of Procurement; Olivia Chen, Procurement Mgr. "
            "Business case: Priya Raman, Senior Financial Analyst, Finance. Technical: "
            "Grace Liu, Enterprise Architect.",
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class CapabilityEntry:
    id: str
    name: str
    description: str
    keywords: tuple[str, ...]
    advances: tuple[str, ...]  # priority ids it advances (ground truth only, not written)


CAPABILITIES: tuple[CapabilityEntry, ...] = (
    CapabilityEntry(
        "CAP-01",
        "Real-time shipment visibility",
        "Live location and ETA of every load across carriers, including carriers without "
        "EDI, through telematics and driver app tracking.",
        ("visibility", "tracking", "ETA", "on-time", "OTIF", "carrier"),
        ("P1",),
    ),
    CapabilityEntry(
        "CAP-02",
        "Predictive exception management",
        "Alerts hours before a missed appointment, with a recommended action for the "
        "planner and a playbook per exception type.",
        ("exceptions", "alerts", "late loads", "OTIF", "planner"),
        ("P1",),
    ),
    CapabilityEntry(
        "CAP-03",
        "Route and load optimisation",
        "Builds multi-stop loads and routes that cut empty miles and freight spend.",
        ("routing", "load building", "empty miles", "freight cost", "cost to serve"),
        ("P2",),
    ),
    CapabilityEntry(
        "CAP-04",
        "Dock appointment scheduling",
        "Carrier self-service dock booking with automatic rebooking of late loads, "
        "reducing detention and demurrage.",
        ("dock", "appointments", "detention", "demurrage", "yard"),
        ("P2", "P1"),
    ),
    CapabilityEntry(
        "CAP-05",
        "Shipment carbon accounting",
        "CO2 per shipment by the GLEC framework, with per-customer emissions reports.",
        ("emissions", "CO2", "carbon", "GLEC", "Scope 3", "sustainability"),
        ("P3",),
    ),
    CapabilityEntry(
        "CAP-06",
        "Retail loyalty campaigns",
        "Personalised promotions and loyalty programmes for retail shoppers.",
        ("loyalty", "promotions", "shoppers", "marketing"),
        (),
    ),
    CapabilityEntry(
        "CAP-07",
        "Field service workforce scheduling",
        "Schedules technicians for on-site repair visits and tracks service-level agreements.",
        ("technicians", "field service", "work orders", "SLA"),
        (),
    ),
    CapabilityEntry(
        "CAP-08",
        "Store labour planning",
        "Forecasts in-store footfall and builds shift rosters for retail staff.",
        ("rosters", "footfall", "store staff", "shifts"),
        (),
    ),
)
