"""The four recorded calls: two led by questions and listening (pull), two by pitching (push).

Each call is a list of turns (speaker key, what they said). The generator turns
them into WebVTT cues with timestamps from the words spoken, and splits a long
turn into several consecutive cues of the same speaker, as recorders do.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Call:
    file_name: str
    title: str
    starts_at: str  # local time of the organiser, ISO
    tz: str
    lead: str  # the seller key who led the call
    style: str  # pull | push
    deal_id: str
    turns: tuple[tuple[str, str], ...]


DISCOVERY_OPERATIONS = Call(
    file_name="2024-04-09_northwind_discovery_operations.vtt",
    title="Northwind / OurCo - operations discovery",
    starts_at="2024-04-09T10:00:00",
    tz="America/New_York",
    lead="aisha",
    style="pull",
    deal_id="NW-D01",
    turns=(
        (
            "aisha",
            "Thanks for making the time, everyone. Before we talk about anything on our side, I'd like to understand how things work for you today. Michael, what made shipment visibility come up on your list this year?",
        ),
        (
            "michael",
            "Honestly, it's the customer complaints. Our on-time, in-full number was 91 percent last year, and two of our largest retail customers have told us they expect 97 percent by the end of next year. Right now when a truck is late we find out when the store calls us.",
        ),
        ("aisha", "When the store calls you. What happens next, walk me through it?"),
        (
            "michael",
            "Somebody in the control room starts calling the carrier, the carrier calls the driver, and maybe forty minutes later we know where the load is. By then the dock appointment is gone and we're paying detention.",
        ),
        (
            "hannah",
            "And it's not just one load. On a bad Monday I have thirty of those calls going at once. I keep a spreadsheet with every exception, and I'm the only one who really knows how it works, which scares me a little.",
        ),
        (
            "aisha",
            "That sounds exhausting. So if I'm hearing you right, the problem isn't that you lack data, it's that you learn about an exception too late to do anything about it, and the knowledge of how to handle it lives in one spreadsheet and in Hannah's head. Is that fair?",
        ),
        ("michael", "That's exactly it."),
        ("aisha", "What does a late discovery cost you, in your own numbers?"),
        (
            "priya",
            "I can take that one. I pulled the detention and demurrage invoices for the last four quarters. We paid a little over 2.1 million dollars in detention last year, and about a third of it was on loads where the carrier knew about the delay more than two hours before we did. On top of that there are the OTIF penalties from the two retail customers, roughly 800 thousand. So call it close to 3 million a year that is at least partly avoidable. I'd be careful about claiming all of it, but even half of that pays for a project like this.",
        ),
        ("aisha", "That's really helpful, Priya. How did you arrive at the one-third figure?"),
        (
            "priya",
            "I matched the carrier status timestamps from the EDI feed against the time our planners logged the exception. It's rough, because the EDI feed is patchy for the smaller carriers, but it's the best number we have. Robert asked me for the same analysis last month, so it's already in the budget conversation.",
        ),
        (
            "aisha",
            "So the CFO has seen this number already. Who else would need to believe it before anything changes?",
        ),
        (
            "priya",
            "Robert will look at my model, not at a vendor's ROI slide, no offence. Laura in FP&A will want it in the FY25 plan. And Tomás in IT infrastructure has to agree it can be run, because the last time Operations picked a system on its own, IT ended up carrying it.",
        ),
        (
            "michael",
            "Priya is right. If Priya says the numbers hold, Robert will go with it. Tomás is the harder conversation.",
        ),
        ("aisha", "Tell me more about that. What happened last time?"),
        (
            "michael",
            "The warehouse management rollout in 2021. It went live three months late, right into peak season, and we missed deliveries for weeks. Tomás took a lot of heat for it, even though most of the problems were in the requirements.",
        ),
        (
            "aisha",
            "That helps me understand why he'd be cautious. If you imagine this project a year from now and it went well, what would be different for you, Michael?",
        ),
        (
            "michael",
            "The control room would see a late load before the carrier calls us. We'd rebook the dock automatically. And I'd go into the quarterly review with the retail customers with an OTIF number that starts with a nine and a seven.",
        ),
        ("hannah", "And I would go home on Mondays."),
        (
            "aisha",
            "I love that as a success measure. Hannah, what would you need from a new tool so that it doesn't just become one more screen to watch?",
        ),
        (
            "hannah",
            "It has to fit into how the planners work. Alerts that tell me what to do, not a map with a thousand dots. And the shift supervisors at the DCs have to buy in, Luis especially, because his team does the rebooking on the floor. He's already said he doesn't want another system.",
        ),
        (
            "aisha",
            "Let me play back what I've heard, and please correct me. Your goal is OTIF at 97 percent by end of next year. Today you discover exceptions too late, which costs you around 3 million a year in detention and penalties. Success means the control room acts before the carrier calls, and it has to fit the planners' and the DC floor's way of working. The people who need to believe it are Robert through Priya's model, Laura for the plan, and Tomás for the risk. Did I miss anything?",
        ),
        (
            "priya",
            "Peak season. Whatever we do has to be live or safely parked before October fifteenth. Nobody will approve a go-live in the middle of peak, not after 2021.",
        ),
        (
            "aisha",
            "Thank you, that's an important constraint. Would it be useful if we built a joint plan that works backwards from October fifteenth, with Tomás's team involved from the start rather than at the end?",
        ),
        ("michael", "Yes. I'd want Tomás in the next session."),
        (
            "aisha",
            "Then here is what I suggest as next steps. Raj will set up a short architecture conversation with Tomás and Grace. Priya, would you be willing to walk us through your detention model so our business case uses your numbers rather than ours? And Hannah, could we spend an hour watching how the Monday exceptions are handled today?",
        ),
        ("priya", "I can do Thursday. Send me the invite."),
        ("hannah", "Any Monday morning works, the earlier the better."),
        ("raj", "I'll reach out to Grace today to find a slot with Tomás."),
        (
            "aisha",
            "Great. I'll send a written summary this afternoon, and I'd appreciate it if you told me what I got wrong. Thank you all.",
        ),
    ),
)

JOINT_PLAN_FINANCE = Call(
    file_name="2024-05-21_northwind_joint_plan_finance.vtt",
    title="Northwind / OurCo - business case and joint plan with Finance",
    starts_at="2024-05-21T14:00:00",
    tz="America/New_York",
    lead="aisha",
    style="pull",
    deal_id="NW-D01",
    turns=(
        (
            "aisha",
            "Thank you for joining, Robert. Priya and Laura, good to see you again. The goal today is to check the business case against your planning process, not to present anything. Robert, how do decisions like this usually get made at Northwind?",
        ),
        (
            "robert",
            "Anything over 250 thousand goes to the capital committee, which meets in September. I'll be frank, I rely heavily on Priya for these. Priya, why don't you lead.",
        ),
        (
            "priya",
            "Sure. I rebuilt the detention model with the carrier data Raj sent over. The avoidable share holds at about a third, so the annual benefit range is 1.1 to 1.6 million, before OTIF penalties. Laura and I agreed to show the penalties separately, because the retail contracts get renegotiated in January and the committee will discount anything that depends on them.",
        ),
        (
            "aisha",
            "That makes sense. What would make the committee comfortable with the range rather than just the low end?",
        ),
        (
            "priya",
            "A pilot with measured results. If we can show three DCs for eight weeks with a before-and-after on detention, the committee will take the range. Without it they'll take the low end and ask why we're rushing.",
        ),
        (
            "laura",
            "And it needs to land in the FY25 plan. If it's not in the plan by the end of August, it slips a full year. That's the real deadline, not anyone's quarter.",
        ),
        (
            "aisha",
            "So the date that matters is the end of August for the plan, and September for the committee. What would have to be true by the end of August?",
        ),
        (
            "priya",
            "The pilot design agreed, a number for year-one cost that Gary has seen, and a letter from Tomás saying IT can support it. Tomás is the one I'm worried about. He told me he'd rather extend our current TMS vendor's tracking module, even though it doesn't cover the small carriers.",
        ),
        (
            "robert",
            "I'd add that I don't want another 2021. If this goes sideways during peak, it's my name on it and Michael's. The risk of doing it badly is worse than the cost of waiting a year.",
        ),
        (
            "aisha",
            "I understand. Can I ask what doing it badly would look like, concretely, so we can design against it?",
        ),
        (
            "robert",
            "Going live in October. Planners running two systems in parallel for months. The floor ignoring the alerts. Priya, you had a list.",
        ),
        (
            "priya",
            "Three things. No go-live between October fifteenth and January tenth. A rollback plan that Tomás signs. And the DC supervisors trained before anything is switched on, because if Luis's shift doesn't use it, the whole benefit disappears.",
        ),
        (
            "aisha",
            "Let me summarise to make sure we're aligned. The committee meets in September and will accept the benefit range only with pilot evidence. The plan deadline is the end of August. Your conditions are no peak-season go-live, a signed rollback plan, and the floor trained first. The open risk is Tomás's preference for extending the current TMS. Is that right?",
        ),
        ("robert", "That's right. Priya, you're comfortable with this?"),
        ("priya", "I am, if the pilot is in three DCs and not one."),
        (
            "aisha",
            "Then here is a proposal for a joint plan. June: pilot design with Grace and Tomás, including the rollback plan. July: three-DC pilot starts, with Hannah's exception log as the baseline. August fifteenth: Priya and Laura get the first four weeks of data for the plan. September: committee. We would hold the commercial terms open until you have the pilot result, so nobody is asked to decide before the evidence is in. What would you change?",
        ),
        ("laura", "Move the data handover to August twelfth; the plan closes on the twentieth."),
        ("priya", "And put Luis in the pilot training on day one, not week three."),
        (
            "aisha",
            "Done on both. Who should own the plan on your side, so that it doesn't depend on us chasing it?",
        ),
        ("robert", "Priya owns it. Copy me on the milestones."),
        (
            "aisha",
            "Thank you. I'll circulate the plan as a shared document by Thursday, with Priya as owner, and I'll ask Raj to draft the rollback plan with Tomás. Is there anything we haven't asked that we should have?",
        ),
        (
            "priya",
            "Ask Gary early about the paperwork. Procurement has a ninety-day vendor onboarding process, and nobody ever remembers it.",
        ),
        ("aisha", "That's a great catch. I'll contact Gary this week. Thanks, everyone."),
    ),
)

ROUTE_OPTIMIZER_PITCH = Call(
    file_name="2024-06-18_northwind_route_optimizer_commercials.vtt",
    title="Route Optimizer expansion - commercial review",
    starts_at="2024-06-18T11:00:00",
    tz="America/New_York",
    lead="jordan",
    style="push",
    deal_id="NW-D02",
    turns=(
        (
            "jordan",
            "Hi everyone, thanks for jumping on. So I want to use the time to walk you through the new Route Optimizer release and the offer we put together, because honestly it's the best offer I've been able to put in front of a customer this year. Our platform is the industry leader in route optimisation, we have over four hundred logistics customers, we were named a leader by two analyst firms this year, and our new release has a machine learning engine that re-optimises routes every five minutes. We also added multi-stop load building, driver break rules for all fifty states, and a brand-new carrier scorecard. Our customers typically see savings of twelve to fifteen percent on freight spend in the first year. We're also the only vendor with native integration into every major TMS, so it just plugs in.",
        ),
        ("gary", "Okay."),
        (
            "jordan",
            "And the team behind it is fantastic. Our R&D group doubled in size last year, we opened a new engineering centre, and our CEO has made logistics our number one vertical. So you're buying into a company that is really investing. Now, the expansion covers the remaining nine distribution centres and all your regional carriers, and the list price for that is two hundred and sixty thousand a year. But, and this is the important part, if we can get the paperwork signed by June twenty-eighth, which is our quarter end, I can bring that down to two hundred and ten thousand, and I can throw in the implementation services at no charge. That's a twenty percent discount plus about forty thousand dollars of services. After the quarter closes I really can't guarantee that pricing, my VP approved it as a one-time exception.",
        ),
        (
            "gary",
            "We haven't finished our review of the first phase yet. Olivia, where are we on that?",
        ),
        (
            "olivia",
            "We still don't have the savings report for the first three DCs. I asked for it in May.",
        ),
        (
            "jordan",
            "Right, and we'll get that to you, absolutely. But I'd hate for you to lose the discount over a report. The savings are really well documented across our customer base, we have case studies from companies just like yours, one of them saved two million dollars in the first year. I can send those over today. Our new release also includes a sustainability dashboard, so you get carbon reporting on top, which nobody else in the market offers at this price point. Honestly, every week you wait is money you're leaving on the table.",
        ),
        (
            "janet",
            "My concern is the floor. My supervisors are already stretched, and the last rollout took a lot of their time.",
        ),
        (
            "jordan",
            "Totally hear you. That's exactly why the free implementation matters, our services team does all the heavy lifting, your people barely have to be involved. We've done hundreds of these. The onboarding is fully automated now, we have a new customer success portal, in-app guides, a certification programme, and a community of over five thousand users. Your team will love it. So what I'd suggest is we get the order form over to you today, and Gary, if you can get it through by Friday next week we lock in the price.",
        ),
        (
            "gary",
            "Procurement doesn't work that way. Anything new needs a competitive review, and Lumatrack has asked to bid.",
        ),
        (
            "jordan",
            "Lumatrack is fine for small fleets, but they don't have our optimisation engine or our integrations, and frankly their support is known to be weak. I can also go back to my VP and see if there's more room on price if that's what it takes to get this done this quarter. Maybe another five percent if we can sign by the twenty-eighth.",
        ),
        (
            "gary",
            "Let's not negotiate against ourselves here. Send what you have and we'll review it on our timeline.",
        ),
        (
            "jordan",
            "Will do. I'll send the order form and the case studies right after this call, and I'll check in with you on Friday. Thanks, all, this is going to be great.",
        ),
    ),
)

DOCK_SCHEDULING_DEMO = Call(
    file_name="2024-06-25_northwind_dock_scheduling_demo.vtt",
    title="Dock Scheduling - product demo",
    starts_at="2024-06-25T15:00:00",
    tz="America/New_York",
    lead="jordan",
    style="push",
    deal_id="NW-D03",
    turns=(
        (
            "jordan",
            "Thanks for joining, I know it's a busy time. I'm going to jump right in because there's a lot to show. Dock Scheduling is our fastest-growing product, we've signed over a hundred customers in eighteen months, and it's the most complete dock appointment product on the market. Let me share my screen. Here's the carrier self-service portal, carriers book their own slots, they get automatic confirmations, and you can set rules by door, by load type and by carrier. Here's the yard view, real-time door status, and here's the analytics dashboard with dwell time, on-time arrival rates and door utilisation. Everything is configurable. We also have a mobile app for your yard team, and an API that connects to any WMS. Raj, anything to add on the tech side?",
        ),
        ("raj", "Only that the integration is usually a few weeks of work, depending on the WMS."),
        (
            "jordan",
            "Exactly, and our team does most of it. So the pilot we're proposing covers two DCs for sixty-five thousand, and honestly that's a very aggressive number, I had to fight for it. It includes everything you just saw. And if we can get the pilot approved before the end of the quarter, I can include the analytics module for free, that's normally fifteen thousand on its own. Quarter ends Friday, so we'd need a signature by then to hold that.",
        ),
        (
            "luis",
            "Who's going to run this on the floor? My guys are already doing double shifts to get the trucks out. Nobody has time to learn another system. The whiteboard and the radio work fine for us.",
        ),
        (
            "jordan",
            "I hear you, and that's the beauty of it, it's so intuitive that there's basically no training. Our customers tell us their teams pick it up in a day. We have in-app guidance, video tutorials, and our support is twenty-four seven. And once the carriers book their own slots your team actually does less work, not more. We've seen customers reduce dock congestion by up to forty percent. And the other thing is, our product roadmap is incredible, next quarter we're releasing AI-based slot recommendations, voice control for yard drivers, and a new carrier rating system. You'd be getting in right before all of that launches.",
        ),
        (
            "tomas",
            "I'm not going to approve a pilot that touches the WMS in July. We have a freeze from August first, and after the warehouse rollout in 2021 I'm not putting my team through another rushed integration. If it fails, it's on us, not on you.",
        ),
        (
            "jordan",
            "Totally understand, and that's why we do all the integration work. We have a proven methodology, we've integrated with every major WMS, and we'd assign our best implementation team. The risk is really on our side. And honestly, if you wait until after peak, the pricing won't be the same, this is a quarter-end number. I'd hate for you to miss it.",
        ),
        ("janet", "Can we at least see what it costs us in staff time before we decide anything?"),
        (
            "jordan",
            "Absolutely, I'll send over our standard ROI calculator. Most customers see payback in under six months. So what I'd propose is I send the order form today, you take a look, and we jump on a call Thursday to finalise. Does that work?",
        ),
        (
            "luis",
            "Not for me. I'll say it straight, if this lands on my shift in the summer, it won't get used.",
        ),
        (
            "jordan",
            "Fair enough. Let me see what I can do on price and come back to you. I'll send the order form and the ROI calculator right after this. Thanks, everyone.",
        ),
    ),
)

CALLS: tuple[Call, ...] = (
    DISCOVERY_OPERATIONS,
    JOINT_PLAN_FINANCE,
    ROUTE_OPTIMIZER_PITCH,
    DOCK_SCHEDULING_DEMO,
)
