"""The hand-written e-mail threads that carry the story of the Control Tower deal.

A thread is a list of mails; each mail answers the one before it (or forwards
it, when `forward` is set). `at` is the sender's local time for the first mail
of a thread; later mails give a delay after the one they answer ("12m", "3h",
"1d2h"). The generator adds headers, quotes, signatures and time zones.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mail:
    sender: str
    to: tuple[str, ...]
    body: str
    cc: tuple[str, ...] = ()
    at: str = ""  # "2024-03-05 09:12", sender's local time (first mail of a thread)
    after: str = ""  # delay after the mail it answers: "15m", "3h", "1d4h"
    forward: bool = False  # forwards the previous mail instead of replying
    html: bool = False  # adds a text/html alternative part
    attachment: str = ""  # a name from ATTACHMENTS
    alias: bool = False  # sent from the person's other address


@dataclass(frozen=True, slots=True)
class Thread:
    subject: str
    deal_id: str
    mails: tuple[Mail, ...]


ATTACHMENTS: dict[str, str] = {
    "detention_baseline_2023.txt": (
        "Northwind Logistics - detention and demurrage baseline, FY2023\n"
        "Prepared by Priya Raman, Finance\n\n"
        "quarter  invoices  detention_usd  demurrage_usd  avoidable_share\n"
        "Q1       412       468,200        61,400         0.31\n"
        "Q2       455       512,900        58,100         0.34\n"
        "Q3       431       497,300        66,800         0.33\n"
        "Q4       468       531,700        72,900         0.35\n\n"
        "Avoidable = carrier status known 2h+ before our exception log.\n"
        "OTIF penalties (two retail customers): 812,000 USD.\n"
    ),
    "ourco_route_optimizer_order_form.pdf": "pdf",
    "pilot_week4_results.txt": (
        "Control Tower pilot - three DCs - weeks 1-4\n\n"
        "dc          late_loads_seen_early  detention_usd_before  detention_usd_pilot\n"
        "Columbus    61                     41,800                27,300\n"
        "Memphis     48                     36,100                25,900\n"
        "Louisville  39                     29,400                21,700\n\n"
        "OTIF (pilot DCs): 91.2% -> 94.6%\n"
        "Alerts acted on by shift: day 88%, night 41% (Columbus night shift low)\n"
    ),
}

STORY_THREADS: tuple[Thread, ...] = (
    Thread(
        "Following up from the Midwest Logistics Summit",
        "NW-D01",
        (
            Mail(
                "aisha",
                ("michael",),
                "Hi Michael,\n\nThank you for the conversation at the summit last week. You mentioned that late loads are "
                "usually discovered when a store calls. I'd like to understand that better before suggesting anything.\n\n"
                "Would you be open to a short call? A few questions I'd love your view on:\n"
                "- How does your team learn about an exception today?\n"
                "- What does a late discovery cost you?\n"
                "- Who else at Northwind feels this most?\n\nBest,\nAisha",
                at="2024-03-05 09:12",
            ),
            Mail(
                "michael",
                ("aisha",),
                "Aisha,\n\nHappy to talk. Short answers: by phone, too late, and everybody in Operations. Our OTIF was 91% "
                "last year and two retail customers want 97% in their 2025 contracts. We pay a fortune in detention.\n\n"
                "I'm copying nobody yet, but I will loop in Finance, they have the cost numbers.\n\nMichael",
                after="5h",
            ),
            Mail(
                "michael",
                ("priya",),
                "Priya - OurCo reached out about visibility. Before I spend time on this, can you tell me whether the "
                "detention numbers justify a project? You know them better than anyone.",
                after="20m",
                forward=True,
            ),
            Mail(
                "priya",
                ("michael",),
                "Michael, short version: yes. Detention was $2.1M in FY23 and roughly a third of it was on loads where the "
                "carrier knew about the delay 2+ hours before we did. Add ~$800k of OTIF penalties. I'd take the call. "
                "I'm happy to join if it helps.\n\nPriya",
                after="9m",
            ),
            Mail(
                "michael",
                ("aisha",),
                "Aisha, let's do it. Please include Priya Raman from Finance - she has the numbers and Robert (our CFO) "
                "trusts her analysis more than anyone's. Hannah Price from transportation planning should join too.",
                cc=("priya",),
                after="40m",
            ),
        ),
    ),
    Thread(
        "Summary of our conversation - what I heard",
        "NW-D01",
        (
            Mail(
                "aisha",
                ("michael", "priya", "hannah"),
                "Hi all,\n\nThank you for a candid conversation. Here is what I heard; please correct anything I got wrong.\n\n"
                "1. Goal: OTIF at 97% by the end of 2025 (from 91%).\n"
                "2. Today exceptions are discovered by phone, often 40+ minutes after the carrier knew.\n"
                "3. Cost: ~$2.1M detention, about a third avoidable, plus ~$800k OTIF penalties.\n"
                "4. Success: the control room acts before the carrier calls; alerts tell planners what to do.\n"
                "5. Constraints: nothing goes live between Oct 15 and Jan 10; the DC floor must buy in.\n"
                "6. People who need to believe it: Robert (via Priya's model), Laura (FY25 plan), Tomás (run risk).\n\n"
                "Questions I still have:\n- What would make Tomás comfortable?\n- How do the DC supervisors measure a good shift today?\n\n"
                "Next steps: Raj to meet Grace and Tomás; Priya to walk us through the detention model; an hour with Hannah on a Monday.\n\n"
                "Aisha",
                cc=("raj",),
                at="2024-04-09 15:40",
            ),
            Mail(
                "priya",
                ("aisha",),
                "Aisha - accurate, with one correction: the $800k penalties are contractual only for one customer today; the "
                "second starts in January. Keep them separate in anything you show Robert. Thursday 2pm works for the model walk-through.",
                cc=("michael", "hannah", "raj"),
                after="14m",
            ),
            Mail(
                "hannah",
                ("aisha",),
                "Thanks Aisha. On your second question: supervisors measure a good shift by trucks out the door, nothing else. "
                "That's why Luis pushes back on anything that adds clicks. Monday the 15th at 7am works for me.",
                cc=("priya",),
                after="1d2h",
            ),
            Mail(
                "michael",
                ("aisha",),
                "Agree with Priya's correction. Go with her numbers.",
                cc=("priya",),
                after="3h",
            ),
        ),
    ),
    Thread(
        "Detention baseline FY2023",
        "NW-D01",
        (
            Mail(
                "priya",
                ("aisha",),
                "Aisha, Raj,\n\nAttached is the baseline I use with Robert. Please build the business case on these numbers "
                "rather than on industry averages; the committee will compare line by line.\n\nPriya",
                cc=("robert", "raj"),
                at="2024-04-11 14:55",
                attachment="detention_baseline_2023.txt",
            ),
            Mail(
                "aisha",
                ("priya",),
                "Thank you, Priya. We'll use your baseline as-is. One question: for the small carriers without EDI, how did you "
                "estimate the avoidable share?",
                cc=("robert", "raj"),
                after="1h",
            ),
            Mail(
                "priya",
                ("aisha",),
                "I applied the average of the EDI carriers, which probably understates it. Flag it as conservative.",
                cc=("robert", "raj"),
                after="6m",
            ),
            Mail(
                "robert",
                ("priya",),
                "Good. Priya, you run point on this with OurCo. Keep me posted.",
                after="2h",
                alias=True,
            ),
        ),
    ),
    Thread(
        "Visibility platform - architecture concerns",
        "NW-D01",
        (
            Mail(
                "grace",
                ("tomas",),
                "Tomás,\n\nOperations and Finance are looking at a visibility platform (OurCo Control Tower). Raj, their SE, "
                "asked for an architecture session. Can we take it? I think it would give us coverage of the small carriers we "
                "can't see today.\n\nGrace",
                at="2024-04-16 10:05",
            ),
            Mail(
                "tomas",
                ("grace",),
                "Grace,\n\nI'll take the meeting, but I want to be clear about where I stand. After the 2021 WMS rollout I'm not "
                "putting my team's name on another integration that Operations picks and we carry. If this fails in peak, it's "
                "on us. I'd rather extend the FleetCore tracking module we already own. It works well enough for the big carriers.\n\n"
                "Tomás",
                cc=("sandra",),
                after="4h",
                alias=True,
            ),
            Mail(
                "sandra",
                ("tomas",),
                "Tomás, understood, and the risk is real. But FleetCore only sees the EDI carriers. Before we decide, let's see "
                "what Priya's model says about the small carriers - Robert will ask for it anyway. Priya, can you share your view?",
                cc=("grace", "priya"),
                after="1d1h",
            ),
            Mail(
                "priya",
                ("sandra",),
                "Sandra, the small carriers are 38% of loads and 46% of the detention. FleetCore can't see them. Extending "
                "FleetCore would address maybe half of the avoidable cost. I'd evaluate both, with a rollback plan as a hard "
                "requirement - that should address Tomás's concern.",
                cc=("tomas", "grace"),
                after="11m",
            ),
            Mail(
                "tomas",
                ("sandra",),
                "If Priya's numbers hold, I'll look at it. But a rollback plan I sign, and no WMS changes after August 1. "
                "Need to check with my team before I commit to anything.",
                cc=("grace", "priya"),
                after="5h",
            ),
        ),
    ),
    Thread(
        "Another system?",
        "NW-D03",
        (
            Mail(
                "luis",
                ("janet",),
                "Janet,\n\nHeard there's another vendor coming through for dock scheduling and tracking. With respect, my guys "
                "are doing double shifts to get trucks out. The whiteboard and the radio work fine. We don't have time to learn "
                "another system, and I'm not pulling people off the dock to sit in training.\n\nLuis",
                at="2024-04-23 06:10",
            ),
            Mail(
                "janet",
                ("luis",),
                "Luis, I hear you. Nothing is decided. But the detention numbers are ugly and Michael wants options. "
                "I'll make sure you're in the room before anything touches the floor.",
                cc=("michael",),
                after="3h",
            ),
            Mail(
                "hannah",
                ("luis",),
                "Luis - for what it's worth, I spend every Monday calling carriers for your dock. If the alerts work, your team "
                "gets rebooked appointments before the truck shows up, not after. Happy to show you what I see.",
                cc=("janet",),
                after="2h",
            ),
            Mail(
                "luis",
                ("hannah",),
                "Hannah, I know you mean well. But if it lands on my shift in peak, it won't get used. That's just the reality out here.",
                cc=("janet",),
                after="1d",
            ),
        ),
    ),
    Thread(
        "FY25 plan - visibility platform envelope",
        "NW-D01",
        (
            Mail(
                "laura",
                ("robert",),
                "Robert,\n\nFor the FY25 plan I need a number for the visibility initiative by August 20. Operations suggests "
                "$450k year one including services. Do we put it in as committed or as a contingent line?\n\nLaura",
                cc=("priya",),
                at="2024-05-06 08:30",
            ),
            Mail(
                "robert",
                ("priya",),
                "Priya, is $450k realistic and what would you recommend? I'll go with your read.",
                cc=("laura",),
                after="25m",
            ),
            Mail(
                "priya",
                ("robert",),
                "Realistic for year one if the pilot covers three DCs. Recommend a contingent line, released on pilot results "
                "in August. That keeps the committee comfortable and gives Operations a date to work to.",
                cc=("laura",),
                after="7m",
            ),
            Mail(
                "robert",
                ("laura",),
                "Agreed with Priya. Contingent line, $450k, released on pilot results.",
                cc=("priya",),
                after="1h",
            ),
            Mail(
                "laura",
                ("robert",),
                "Done. I'll mirror Priya's wording in the plan narrative.",
                cc=("priya",),
                after="2h",
            ),
        ),
    ),
    Thread(
        "Route Optimizer expansion - order form (price valid until June 28)",
        "NW-D02",
        (
            Mail(
                "jordan",
                ("gary",),
                "Hi Gary,\n\nGreat news! As discussed, attached is the order form for the Route Optimizer expansion. Our "
                "industry-leading platform now includes the new ML engine, multi-stop load building and the carrier scorecard.\n\n"
                "Special pricing: $210,000 instead of $260,000 (20% off) plus FREE implementation - but only if signed by "
                "June 28, our quarter end. After that I can't guarantee this price.\n\nCan we get this signed this week?\n\n"
                "Jordan",
                cc=("olivia",),
                at="2024-06-18 13:02",
                html=True,
                attachment="ourco_route_optimizer_order_form.pdf",
            ),
            Mail(
                "gary",
                ("jordan",),
                "Jordan,\n\nThanks. As I said on the call, we run a competitive review for anything new and we still don't have "
                "the savings report for phase one. We will not be signing by June 28.\n\nGary",
                cc=("olivia",),
                after="1d3h",
            ),
            Mail(
                "jordan",
                ("gary",),
                "Gary, totally understand. I spoke to my VP and I can go an extra 5% if we get it done by the 28th. That's "
                "25% total plus free services. This is truly the best deal we've offered this year - I'd hate for you to miss it.",
                cc=("olivia",),
                after="40m",
                html=True,
            ),
            Mail(
                "olivia",
                ("jordan",),
                "Jordan, for the record: Lumatrack has asked to bid, and the RFP rules say discounts tied to a signature date "
                "are not scored. Please send the phase-one savings report.",
                cc=("gary",),
                after="1d",
            ),
        ),
    ),
    Thread(
        "Joint plan - Control Tower pilot (owner: Priya)",
        "NW-D01",
        (
            Mail(
                "aisha",
                ("robert", "priya", "laura"),
                "Robert, Priya, Laura,\n\nThank you for the time today. Here is the joint plan as agreed, with Priya as owner:\n\n"
                "- June: pilot design with Grace and Tomás, including a rollback plan Tomás signs\n"
                "- July: three-DC pilot (Columbus, Memphis, Louisville); Luis's shift trained on day one\n"
                "- Aug 12: first four weeks of data to Priya and Laura\n"
                "- Aug 20: FY25 plan closes (contingent line, $450k)\n"
                "- September: capital committee\n\n"
                "We'll hold commercial terms open until you have the pilot result. What did I miss?\n\nAisha",
                cc=("elena",),
                at="2024-05-21 16:20",
            ),
            Mail(
                "priya",
                ("aisha",),
                "Looks right. Add: Gary's vendor onboarding (90 days) must start in June or signature slips past committee.",
                cc=("robert", "laura", "elena"),
                after="5m",
            ),
            Mail(
                "robert",
                ("aisha",),
                "Fine by me. Priya owns it - copy me on milestones only.",
                cc=("priya", "laura"),
                after="3h",
                alias=True,
            ),
            Mail(
                "laura",
                ("priya",),
                "Priya, I'll block Aug 12-16 for the data review with you.",
                cc=("aisha",),
                after="1d",
            ),
        ),
    ),
    Thread(
        "Vendor onboarding for OurCo",
        "NW-D01",
        (
            Mail(
                "aisha",
                ("gary",),
                "Hi Gary,\n\nPriya mentioned your vendor onboarding takes about ninety days. What do you need from us to start, "
                "and is there anything in your process we should understand before we send a proposal?\n\nAisha",
                cc=("priya",),
                at="2024-05-23 10:00",
            ),
            Mail(
                "gary",
                ("aisha",),
                "Aisha, appreciated - nobody ever asks early. Olivia will send the onboarding pack. Priya already told me the "
                "timeline, so we'll align to it. Note we'll issue a formal RFP in June.",
                cc=("olivia", "priya"),
                after="4h",
            ),
            Mail(
                "olivia",
                ("aisha",),
                "Onboarding pack attached to the portal invite you'll receive today. Security questionnaire goes to Ahmed.",
                cc=("gary", "ahmed"),
                after="2h",
            ),
        ),
    ),
    Thread(
        "RFP NWL-2024-017 Supply Chain Visibility Platform",
        "NW-D01",
        (
            Mail(
                "olivia",
                ("aisha",),
                "Dear vendor,\n\nNorthwind Logistics invites you to respond to RFP NWL-2024-017 (supply chain visibility "
                "platform). Questions due July 3, proposals due July 15, 2024. Evaluation: fit to priorities 40%, implementation "
                "risk 25%, TCO 20%, references 15%.\n\nRegards,\nOlivia Chen",
                cc=("gary", "priya", "grace"),
                at="2024-06-24 09:00",
                html=True,
            ),
            Mail(
                "aisha",
                ("olivia",),
                "Thank you, Olivia. Two questions: may the pilot results be included as an appendix, and should the rollback "
                "plan be signed by Tomás before submission or after?",
                cc=("gary", "priya", "grace"),
                after="3h",
            ),
            Mail(
                "priya",
                ("aisha",),
                "Pilot results yes, as an appendix. Rollback plan: draft with the proposal, signed before committee.",
                cc=("olivia", "gary", "grace"),
                after="12m",
            ),
            Mail(
                "olivia",
                ("aisha",),
                "Confirming Priya's answer for all bidders.",
                cc=("gary", "priya", "grace"),
                after="1d",
            ),
        ),
    ),
    Thread(
        "Northwind - discounting",
        "NW-D02",
        (
            Mail(
                "elena",
                ("jordan",),
                "Jordan,\n\nI saw the 25% + free services offer to Northwind procurement. Their RFP says date-bound discounts "
                "aren't scored. Please stop discounting into a process that doesn't reward it - it also undercuts Aisha's "
                "Control Tower pricing. What do we actually know about Gary's decision process?\n\nElena",
                cc=("aisha",),
                at="2024-06-20 18:30",
            ),
            Mail(
                "jordan",
                ("elena",),
                "Elena, I need the quarter. If I don't push, Route Optimizer slips to Q3 and my number is gone. Gary just needs "
                "a reason to move.",
                after="1h",
            ),
            Mail(
                "elena",
                ("jordan",),
                "Then let's find his reason, not ours. Book 30 minutes with Aisha and me tomorrow - bring what you know about "
                "who signs and why.",
                cc=("aisha",),
                after="45m",
            ),
        ),
    ),
    Thread(
        "CO2 per shipment - customer request",
        "",
        (
            Mail(
                "sandra",
                ("michael",),
                "Michael,\n\nHartwell Retail now wants CO2 per shipment in their quarterly review, and we lost the Kroll tender "
                "partly on it. This is our third priority - can we make sure whatever we pick for visibility covers emissions too?\n\nSandra",
                cc=("priya",),
                at="2024-05-14 11:20",
            ),
            Mail(
                "priya",
                ("sandra",),
                "Sandra - agreed. I'll add emissions reporting as a requirement in the business case and the RFP (GLEC framework).",
                cc=("michael",),
                after="8m",
            ),
            Mail(
                "michael",
                ("sandra",),
                "Yes. As Priya says - make it a requirement.",
                cc=("priya",),
                after="2h",
            ),
        ),
    ),
    Thread(
        "No go-live in peak",
        "NW-D01",
        (
            Mail(
                "michael",
                ("janet", "hannah", "luis"),
                "Team,\n\nTo be clear for every project this year: nothing goes live between October 15 and January 10. If the "
                "visibility pilot isn't proven by the end of August, we park it until after peak. I'd rather wait than repeat 2021.\n\nMichael",
                cc=("priya", "tomas"),
                at="2024-06-03 07:45",
            ),
            Mail(
                "luis",
                ("michael",),
                "Thanks Michael. Good to hear. My team can't take a rollout in the fall.",
                cc=("janet",),
                after="2h",
            ),
            Mail(
                "tomas",
                ("michael",),
                "Agreed. And the WMS freeze starts August 1.",
                cc=("priya", "janet"),
                after="3h",
            ),
        ),
    ),
    Thread(
        "Pilot week 4 results",
        "NW-D01",
        (
            Mail(
                "hannah",
                ("priya",),
                "Priya,\n\nFirst four weeks attached. Late loads seen early across the three DCs, detention down about 30%. "
                "Night shift in Columbus is the weak spot - alerts acted on only 41% of the time.\n\nHannah",
                cc=("janet", "aisha"),
                at="2024-08-09 16:30",
                attachment="pilot_week4_results.txt",
            ),
            Mail(
                "priya",
                ("robert",),
                "Robert, pilot results are in: detention down ~30% at the pilot DCs, OTIF 91.2% -> 94.6%. That puts the annual "
                "benefit at the upper half of the range. Risk: Columbus night shift adoption. I recommend we take it to committee.",
                cc=("laura",),
                after="18m",
                forward=True,
            ),
            Mail(
                "robert",
                ("priya",),
                "Excellent. Take it to committee as you recommend. Laura, release the contingent line in the plan.",
                cc=("laura", "michael"),
                after="40m",
            ),
            Mail(
                "luis",
                ("janet",),
                "Janet, the night shift doesn't have time for alerts. We fix things when the truck is here. Not changing that "
                "for a pilot.",
                cc=("hannah",),
                after="1d2h",
            ),
            Mail(
                "janet",
                ("luis",),
                "Luis, let's talk Monday. Priya and Michael need the night shift numbers to improve before committee.",
                cc=("hannah", "michael"),
                after="3h",
            ),
        ),
    ),
    Thread(
        "Dock Scheduling pilot - order form",
        "NW-D03",
        (
            Mail(
                "jordan",
                ("janet", "luis", "tomas"),
                "Hi all,\n\nGreat demo today! As promised: the Dock Scheduling pilot for two DCs at $65,000, and if we sign by "
                "Friday (quarter end) the analytics module ($15k value) is included FREE. Our platform is the most complete dock "
                "appointment solution on the market with 100+ customers. Let me know if we can get this done by Friday!\n\nJordan",
                cc=("raj",),
                at="2024-06-25 17:10",
                html=True,
            ),
            Mail(
                "tomas",
                ("jordan",),
                "Jordan, as I said, no WMS work in July or after August 1. We won't be signing this week.",
                cc=("janet",),
                after="1d",
                alias=True,
            ),
            Mail(
                "jordan",
                ("tomas",),
                "Understood Tomás! What if we start the paperwork now at the quarter-end price and schedule the work for "
                "January? I can hold the price if we sign by Friday.",
                cc=("janet", "raj"),
                after="30m",
                html=True,
            ),
        ),
    ),
)
