"""The everyday mail around the story: forwards, questions, status reports, admin, follow-ups.

Each family is a table of content; the generator picks dates and reply delays
with a seeded random generator. The patterns are deliberate: the CFO forwards
decisions to Priya and acts on her answer; colleagues in every department ask
Priya and defer to her; she answers within minutes. Jordan's follow-ups push;
Aisha's ask.
"""

from __future__ import annotations

# (origin, subject, origin's mail to the CFO, CFO's forwarding note, Priya's answer, CFO's decision)
CFO_FORWARDS: tuple[tuple[str, str, str, str, str, str], ...] = (
    (
        "gary",
        "Carrier contract renewals - Q2",
        "Robert, six regional carrier contracts renew in Q2. Proposed increase is 4.5% on average. Need approval by Friday.",
        "Priya - please look at this before I sign off. What do you think?",
        "Robert, 4.5% is above the index (3.1%). Two of the six carriers have the worst on-time record in the network. I'd approve four and re-tender two.",
        "Gary, approve four, re-tender the two Priya flagged. Priya has the detail.",
    ),
    (
        "sandra",
        "Cloud hosting commitment",
        "Robert, AWS offers a 3-year commitment at 22% below on-demand. It locks in $1.2M. Can we commit?",
        "Priya, thoughts? I'll go with your recommendation.",
        "The discount is real but our usage forecast is soft after the office consolidation. I'd commit to 70% of current usage for one year.",
        "Sandra, let's do one year at 70% of usage, per Priya's analysis.",
    ),
    (
        "michael",
        "Overtime budget - Memphis DC",
        "Robert, Memphis needs $180k more overtime budget for Q3 volumes. Janet has the detail.",
        "Priya - can you check this against the volume forecast?",
        "The forecast supports about $120k. The rest is detention-driven waiting time, which the visibility pilot should address.",
        "Michael, approved at $120k. Priya can walk Janet through the gap.",
    ),
    (
        "laura",
        "Q1 forecast variance",
        "Robert, Q1 came in 2.3% under plan on margin. Draft commentary attached for the board pack.",
        "Priya, please review Laura's commentary before it goes to the board.",
        "Commentary is fine. I'd add that detention alone explains 0.6 points of the gap - it supports the visibility business case.",
        "Laura, please add Priya's point on detention and send it.",
    ),
    (
        "tomas",
        "Network refresh capex",
        "Robert, the DC network switches are end-of-life. Replacement quote is $640k, phased over two years.",
        "Priya, is this in the capex envelope?",
        "Phase one ($310k) fits FY24. Phase two should compete in FY25 with the visibility platform; I'd not pre-commit it.",
        "Tomás, approved phase one only. Phase two goes to FY25 planning, as Priya suggests.",
    ),
    (
        "gary",
        "Fuel surcharge indexation",
        "Robert, carriers want to move fuel surcharge to weekly indexation. Procurement is neutral.",
        "Priya - impact?",
        "Weekly indexation costs us about $90k a year more at current volatility. I'd hold monthly and offer a cap.",
        "Gary, hold monthly with a cap, per Priya.",
    ),
    (
        "sandra",
        "Security audit findings",
        "Robert, the external audit found two medium issues in vendor access. Ahmed's remediation costs $45k.",
        "Priya, can you check whether this is budgeted?",
        "It fits the IT opex contingency. Worth doing before any new vendor integration - including the visibility pilot.",
        "Sandra, go ahead from contingency. Priya confirmed it fits.",
    ),
    (
        "michael",
        "Louisville lease extension",
        "Robert, the Louisville DC lease is up in March. Landlord offers 5 years at +6%.",
        "Priya, what's your view?",
        "+6% is above market (+3-4%). I'd counter at +4% for 5 years or +3% for 7.",
        "Michael, counter per Priya: +4% for five years or +3% for seven.",
    ),
    (
        "laura",
        "Headcount plan FY25 draft",
        "Robert, first draft of the FY25 headcount plan: +42 FTE, mostly Operations.",
        "Priya, sanity check please.",
        "18 of the 42 are planners and dispatchers whose work the visibility platform would absorb. I'd make those contingent.",
        "Laura, make the 18 contingent as Priya proposes.",
    ),
    (
        "gary",
        "OurCo Analytics Cloud renewal",
        "Robert, OurCo's Analytics Cloud renewal is due. $48k, flat on last year.",
        "Priya - do we still use it enough to renew?",
        "Yes: FP&A uses it weekly and the detention model runs on it. Renew, flat is fine.",
        "Gary, renew. Priya confirmed usage.",
    ),
)

# (asker, subject, question, Priya's answer, the asker's reply)
ASK_PRIYA: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "daniel",
        "Accrual for carrier disputes",
        "Priya, how much should we accrue for the open carrier disputes this month?",
        "Daniel, $212k: the 14 disputes over $5k, at the historical 60% settlement rate.",
        "Perfect, booking $212k. Thanks for the quick turnaround.",
    ),
    (
        "janet",
        "Detention numbers for my QBR",
        "Priya, can I use your detention numbers in my QBR with Michael? I don't want to show different figures.",
        "Of course. Use the Q2 sheet in the shared folder; the Columbus line is the one Michael will ask about.",
        "Thanks - I'll defer to your numbers, not mine.",
    ),
    (
        "gary",
        "Lumatrack pricing",
        "Priya, Lumatrack sent indicative pricing for visibility. Can you put it next to OurCo's on a 3-year basis?",
        "Done - Lumatrack is 18% cheaper on licences but excludes non-EDI carriers; on a 3-year TCO with tracking add-ons they're within 4%.",
        "Very helpful. I'll use your comparison in the evaluation.",
    ),
    (
        "tomas",
        "FleetCore extension cost",
        "Priya, what would FleetCore's tracking extension cost us over three years?",
        "$310k over three years, but it covers 62% of loads. Per load covered it's more expensive than the alternatives.",
        "Ok. Not what I hoped, but I'll take your number to Sandra.",
    ),
    (
        "michael",
        "Board slide on OTIF",
        "Priya, can you check my board slide on OTIF before Robert sees it?",
        "One fix: the 97% target is end of 2025, not mid-2025. Otherwise good.",
        "Fixed. As always, glad you caught it.",
    ),
    (
        "laura",
        "FX assumption",
        "Priya, what FX rate are we using for the Canadian lanes in FY25?",
        "1.36, same as treasury. I updated the model yesterday.",
        "Thanks, aligning to yours.",
    ),
    (
        "olivia",
        "Budget code for RFP costs",
        "Priya, which budget code should the RFP consultancy costs go to?",
        "Use the visibility initiative code, 4410-VIS. Robert approved it last week.",
        "Great, thank you!",
    ),
    (
        "ahmed",
        "Cost of the security review",
        "Priya, do we have budget for a third-party penetration test of the pilot vendor?",
        "Yes, up to $25k from the IT contingency. Send me the quote and I'll tell Robert.",
        "Will do. Thanks for clearing it.",
    ),
    (
        "hannah",
        "Pilot baseline",
        "Priya, which weeks should I use as the pilot baseline?",
        "Weeks 14-25 of this year - they exclude the Easter disruption. I'll share the template.",
        "Thanks, using those.",
    ),
    (
        "grace",
        "Integration effort estimate",
        "Priya, Tomás wants an estimate of internal IT hours for the pilot in the business case. Do you have a rate?",
        "Use $95/hour fully loaded. I've put 320 hours in for the pilot; tell me if that's wrong.",
        "320 looks right. I'll tell Tomás you've already included it.",
    ),
    (
        "daniel",
        "Audit sample",
        "Priya, the auditors want a sample of freight invoices. Which quarter?",
        "Q3 - it has the fewest disputes and the cleanest matching.",
        "Going with Q3, thanks.",
    ),
    (
        "janet",
        "Night shift overtime",
        "Priya, can you check whether the Columbus night shift overtime is in line with volume?",
        "It's 14% above volume trend, mostly waiting for late trucks. That's the detention problem again.",
        "That's useful. I'll raise it with Michael and Luis.",
    ),
)

# Weekly DC status: replies are drawn from these pools.
OPS_STATUS_OPENING = (
    "Michael,\n\nWeekly DC status for the week of {week}:\n",
    "Hi Michael,\n\nHere are this week's numbers ({week}):\n",
)
OPS_STATUS_REPLIES = {
    "luis": (
        "Short on two forklift drivers again on nights. We got everything out but it was tight.",
        "We're fine on the floor. The whiteboard is doing its job. Don't need anything new, just people.",
        "Three late trucks on Tuesday, we handled it. Crew is tired.",
        "No time for the trial stuff this week, we're covering vacations.",
    ),
    "michael": (
        "Thanks Janet. What drove the late loads on Tuesday?",
        "Detention is still too high. Priya, does this match your numbers?",
        "Good week. Keep pushing on Columbus.",
        "How many of the late loads did we know about ahead of time?",
    ),
    "priya": (
        "Matches my numbers. Detention for the week: ${detention}k, above the {target}k run rate we need.",
        "Note: two of the late loads were the same carrier; I'll flag it to Gary.",
    ),
    "hannah": (
        "Most of the late loads were small carriers without EDI, again.",
        "I logged {late} exceptions this week; 9 were known by the carrier hours earlier.",
    ),
}

# (sender, to, cc, subject, body, acknowledgement or "")
IT_NOTICES: tuple[tuple[str, tuple[str, ...], tuple[str, ...], str, str, str], ...] = (
    (
        "tomas",
        ("grace", "ahmed"),
        ("sandra",),
        "Change window: TMS patch",
        "TMS patch 7.4.2 goes in Saturday 02:00-05:00 ET. Rollback plan attached in ServiceNow.",
        "grace",
    ),
    (
        "ahmed",
        ("tomas", "grace"),
        ("sandra",),
        "MFA enforcement for vendor accounts",
        "From next Monday all vendor accounts need MFA. Please confirm your vendor lists.",
        "tomas",
    ),
    (
        "tomas",
        ("grace",),
        ("sandra",),
        "WMS freeze from August 1",
        "Reminder: no WMS changes from August 1 to January 10. No exceptions this year.",
        "grace",
    ),
    (
        "grace",
        ("tomas", "ahmed"),
        (),
        "Integration patterns for carrier data",
        "Draft integration patterns for carrier data feeds are in Confluence. Comments by Friday?",
        "ahmed",
    ),
    (
        "ahmed",
        ("sandra",),
        ("tomas",),
        "Quarterly access review",
        "Quarterly access review complete. 11 stale vendor accounts disabled.",
        "",
    ),
    (
        "tomas",
        ("grace", "ahmed"),
        ("sandra",),
        "Network maintenance - Memphis DC",
        "Switch replacement at Memphis Sunday 01:00-04:00 local. Expect scanner outages.",
        "ahmed",
    ),
    (
        "sandra",
        ("tomas", "grace", "ahmed"),
        (),
        "IT priorities H2",
        "H2 priorities: security remediation, network refresh phase one, support the visibility pilot within the freeze rules.",
        "tomas",
    ),
    (
        "grace",
        ("tomas",),
        ("sandra",),
        "Pilot data flows",
        "For the visibility pilot we need read-only TMS data and an outbound webhook to the dock system. No WMS writes.",
        "tomas",
    ),
    (
        "ahmed",
        ("grace",),
        (),
        "Vendor security questionnaire - OurCo",
        "OurCo's security questionnaire is complete. Two follow-ups on data retention, otherwise fine.",
        "grace",
    ),
    (
        "tomas",
        ("grace", "ahmed"),
        ("sandra",),
        "Backup restore test",
        "Quarterly restore test passed for TMS and WMS. Report in the usual place.",
        "",
    ),
)

IT_ACKS = ("Thanks, noted.", "Acknowledged.", "Got it - thanks.", "Confirmed, no objections.")

# (sender, to, cc, subject, body, replier, reply)
ADMIN_MAILS: tuple[tuple[str, tuple[str, ...], tuple[str, ...], str, str, str, str], ...] = (
    (
        "olivia",
        ("kevin",),
        (),
        "PO 88213 - invoice mismatch",
        "Kevin, the OurCo Analytics Cloud invoice doesn't match PO 88213 (tax line). Can you hold payment?",
        "kevin",
        "Holding it. I'll ask OurCo for a corrected invoice.",
    ),
    (
        "kevin",
        ("daniel",),
        (),
        "Carrier payment run",
        "Daniel, payment run for 212 carrier invoices is ready for approval ($1.84M).",
        "daniel",
        "Approved. Priya checked the disputed ones.",
    ),
    (
        "olivia",
        ("gary",),
        ("priya",),
        "Supplier scorecards Q1",
        "Gary, Q1 supplier scorecards attached. Carrier on-time is the weakest category.",
        "gary",
        "Thanks. Priya, anything in here we should escalate?",
    ),
    (
        "daniel",
        ("kevin",),
        ("priya",),
        "Month-end close checklist",
        "Kevin, close checklist for this month. Freight accruals per Priya's numbers.",
        "kevin",
        "Will do.",
    ),
    (
        "gary",
        ("olivia",),
        (),
        "Vendor onboarding backlog",
        "Olivia, where are we on the onboarding backlog? OurCo and Lumatrack both need to be through by September.",
        "olivia",
        "OurCo is at security review. Lumatrack hasn't returned the forms.",
    ),
    (
        "kevin",
        ("olivia",),
        (),
        "Duplicate invoice - Carrier 4471",
        "Olivia, carrier 4471 billed the same load twice. Can procurement raise it with them?",
        "olivia",
        "Raised. They'll credit it next cycle.",
    ),
    (
        "olivia",
        ("gary",),
        ("laura",),
        "Procurement savings report H1",
        "Gary, H1 savings report draft: $1.1M negotiated, $0.4M realised so far.",
        "gary",
        "Good. Send to Laura for the FY25 plan.",
    ),
    (
        "daniel",
        ("laura",),
        (),
        "Capex tracking",
        "Laura, capex tracking through May attached. Network refresh phase one is on track.",
        "laura",
        "Thanks Daniel.",
    ),
    (
        "kevin",
        ("daniel",),
        (),
        "Detention invoices backlog",
        "Daniel, 96 detention invoices are waiting for validation. Planners are behind.",
        "daniel",
        "Ask Priya how she wants them coded for the pilot baseline.",
    ),
    (
        "olivia",
        ("kevin",),
        (),
        "Lumatrack NDA",
        "Kevin, FYI the Lumatrack NDA is signed; no payments expected.",
        "",
        "",
    ),
    (
        "gary",
        ("olivia",),
        ("priya",),
        "RFP evaluation panel",
        "Olivia, panel for the visibility RFP: Grace, Hannah, Priya, me. Priya chairs the commercial scoring.",
        "olivia",
        "Invites sent.",
    ),
    (
        "laura",
        ("daniel",),
        ("priya",),
        "Plan calendar FY25",
        "Daniel, FY25 plan calendar: drafts by Aug 12, close Aug 20, committee in September.",
        "daniel",
        "Noted.",
    ),
)

# Jordan's follow-ups: (to, cc, subject, body); replies are short and cool.
PUSH_FOLLOWUPS: tuple[tuple[tuple[str, ...], tuple[str, ...], str, str], ...] = (
    (
        ("gary",),
        ("olivia",),
        "Quick check-in on Route Optimizer",
        "Hi Gary, just checking in! Have you had a chance to review the order form? Only {days} days left in the quarter "
        "to lock in the 20% discount.",
    ),
    (
        ("janet",),
        (),
        "Route Optimizer - case study",
        "Hi Janet, sharing our latest case study: a logistics company like yours saved $2M with Route Optimizer. "
        "Our platform is the industry leader - happy to get the paperwork moving this week.",
    ),
    (
        ("olivia",),
        ("gary",),
        "Order form - anything missing?",
        "Hi Olivia, anything missing from the order form? We'd love to get this signed before quarter end ({days} days).",
    ),
    (
        ("gary",),
        (),
        "Last chance - Q2 pricing",
        "Gary, last chance for the Q2 pricing. After June 28 the discount goes away. Can we jump on a call today?",
    ),
    (
        ("luis",),
        ("janet",),
        "Dock Scheduling - easier than you think",
        "Hi Luis, I know you're busy - that's exactly why Dock Scheduling is built to be zero effort for your team. "
        "Our customers cut dock congestion by up to 40%. Can we get the pilot signed this week?",
    ),
    (
        ("janet",),
        ("luis",),
        "New release webinar",
        "Hi Janet, don't miss our new release webinar: AI slot recommendations, voice control, and our new carrier ratings. "
        "It's the most innovative release in our history!",
    ),
    (
        ("gary",),
        ("olivia",),
        "Q3 - new offer",
        "Hi Gary, new quarter, new offer: if we sign Route Optimizer by September 27, I can include 10% off and free training.",
    ),
    (
        ("tomas",),
        (),
        "Integration - we do it all",
        "Hi Tomás, just wanted to reassure you that our services team does the entire integration. Zero risk for IT. Shall I send the order form?",
    ),
)
PUSH_REPLIES = (
    "Jordan, we'll get back to you on our timeline.",
    "Thanks. Not a priority right now.",
    "Please route commercial questions through Procurement.",
    "Received.",
)

# Aisha's check-ins: (to, cc, subject, question, answer by the first recipient)
PULL_CHECKINS: tuple[tuple[tuple[str, ...], tuple[str, ...], str, str, str], ...] = (
    (
        ("grace",),
        ("raj",),
        "What would make the architecture easy to support?",
        "Grace, before Raj drafts anything: what would make this easy for your team to support in year two, not just to install?",
        "Honestly: no WMS writes, SSO from day one, and a runbook Tomás's team can own. If you do those, he'll soften.",
    ),
    (
        ("hannah",),
        (),
        "Monday exceptions - what did I miss?",
        "Hannah, thank you for Monday. I noticed you triage by customer first, then by carrier. Did I read that right, and why?",
        "Right - the two retail customers have penalties, so they go first. Nobody wrote that down, it's just how we do it.",
    ),
    (
        ("michael",),
        ("priya",),
        "How will you judge the pilot?",
        "Michael, how will you personally judge whether the pilot worked? I'd like us to measure what matters to you.",
        "Two numbers: OTIF at the pilot DCs and whether the night shift actually uses it. Priya will define the detention measure.",
    ),
    (
        ("janet",),
        (),
        "What does a good week look like for your DCs?",
        "Janet, what does a good week look like for your DCs, in your words? I'd like the pilot to be judged on that.",
        "Trucks out on time, no overtime surprises, and nobody calling me at 2am. If the pilot helps with the 2am calls, I'm in.",
    ),
    (
        ("priya",),
        (),
        "Committee questions",
        "Priya, what questions do you expect the committee to ask, and which ones worry you?",
        "They'll ask about peak risk and the night shift. Peak we've handled. The night shift worries me - Luis isn't convinced.",
    ),
    (
        ("luis",),
        ("janet",),
        "Your view on the pilot",
        "Luis, I'd really value your view. What would the pilot have to do for your crew to find it worth the time?",
        "Be quicker than the radio. If it's not, we won't use it. And don't schedule training during a shift change.",
    ),
    (
        ("sandra",),
        (),
        "IT's criteria",
        "Sandra, what would you need to see from the pilot to support a full rollout?",
        "A clean security review, Tomás's sign-off on rollback, and support costs that fit the opex plan. Priya has the numbers.",
    ),
    (
        ("gary",),
        ("olivia",),
        "Procurement's process",
        "Gary, so we don't create surprises: what does a good vendor do in your evaluation process, and what annoys you?",
        "Good: answers the RFP as asked, no date-bound discounts. Annoying: pushing for a signature before we've evaluated.",
    ),
)

# Internal OurCo mail: (sender, to, cc, subject, body, replier, reply)
INTERNAL_MAILS: tuple[tuple[str, tuple[str, ...], tuple[str, ...], str, str, str, str], ...] = (
    (
        "elena",
        ("aisha", "jordan", "raj"),
        (),
        "Pipeline review - Northwind",
        "Team, pipeline review Thursday. For Northwind I want to see: who decides, who influences, and what they've told us in their words.",
        "aisha",
        "Will do. Short version: Robert decides, but he acts on Priya Raman's analysis every time. She's the one to work with.",
    ),
    (
        "jordan",
        ("elena",),
        (),
        "Commit for Q2",
        "Elena, committing Route Optimizer ($210k) for Q2. Gary is slow but I'll push it over the line.",
        "elena",
        "What has Gary told you about his process? I don't see a signal he'll move by the 28th.",
    ),
    (
        "aisha",
        ("elena",),
        ("raj",),
        "Control Tower - forecast category",
        "Elena, I'm keeping Control Tower at best case until the pilot results in August. The committee meets in September.",
        "elena",
        "Agreed. That's the honest call.",
    ),
    (
        "raj",
        ("aisha",),
        (),
        "Architecture session notes",
        "Aisha, notes from the session: Tomás is worried about peak, not about our product. Grace is an ally. Ahmed wants the data retention answer in writing.",
        "aisha",
        "Thanks Raj. Let's send Ahmed the retention answer this week and offer Tomás the rollback plan to edit.",
    ),
    (
        "elena",
        ("jordan",),
        ("aisha",),
        "Dock Scheduling - next step",
        "Jordan, the floor (Luis) is clearly against it. What would make it worth his crew's time?",
        "jordan",
        "I think a bigger discount would do it. I'll ask for approval on 30%.",
    ),
    (
        "aisha",
        ("raj",),
        (),
        "Pilot night shift",
        "Raj, the night shift in Columbus isn't acting on alerts. Could we sit with Luis's crew for a night and watch?",
        "raj",
        "Yes - I can be there Tuesday. I'll just listen.",
    ),
    (
        "elena",
        ("aisha", "jordan"),
        (),
        "Northwind account plan",
        "Please update the Northwind account plan before the QBR: priorities, power base, and our next plays.",
        "aisha",
        "Updated. Top three priorities: OTIF 97%, cost to serve -8%, CO2 per shipment. Power base: Priya is the Fox.",
    ),
    (
        "jordan",
        ("raj",),
        (),
        "Demo for Dock Scheduling",
        "Raj, can you run the full feature demo on Tuesday? I want to show them everything - portal, yard view, analytics, mobile.",
        "raj",
        "Sure. Do we know what problem they want to solve first?",
    ),
    (
        "raj",
        ("elena",),
        (),
        "Customer reference request",
        "Elena, Northwind wants a logistics reference of similar size. Can we ask Harbor Point?",
        "elena",
        "Yes, I'll ask Marcus Webb.",
    ),
    (
        "elena",
        ("aisha", "jordan", "raj"),
        (),
        "Q2 close-out",
        "Team, Q2 closed. Route Optimizer slipped, as expected. Let's talk about why in our 1:1s.",
        "jordan",
        "Gary wouldn't budge. I'll get it in Q3.",
    ),
)
