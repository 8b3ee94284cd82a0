"""Everyday words residents type into Luton's search box, and the pages that answer each.

Written from the questions a resident brings, not from the pages' own words: "doctor"
rather than "GP", "baby deaths" rather than "infant mortality". Every outcome, every
indicator with a page (the headline indicators), both plans and the governance page are
the answer to at least one query. A query is answered when one of its pages is among the
first five pages the search box shows.
"""

from __future__ import annotations

#: (what the resident types, the paths of the pages that answer it)
QUERIES: list[tuple[str, tuple[str, ...]]] = [
    # help now (the Get help page, from data/help.yaml)
    ("where can I get help", ("help/",)),
    ("stop smoking", ("help/", "outcomes/reduced-health-inequalities/")),
    ("carer support", ("help/", "outcomes/healthier-independent-adults/")),
    # outcomes
    ("children's health", ("outcomes/healthy-start/",)),
    ("fat children", ("outcomes/healthy-start/",)),
    (
        "gap between rich and poor",
        ("outcomes/reduced-health-inequalities/", "indicators/life-expectancy-gap-deprivation/"),
    ),
    ("domestic abuse", ("outcomes/reduced-health-inequalities/",)),
    ("domestic violence", ("outcomes/reduced-health-inequalities/", "outcomes/healthy-start/")),
    ("smoking", ("outcomes/reduced-health-inequalities/",)),
    ("older people living independently", ("outcomes/healthier-independent-adults/",)),
    ("chronic illness", ("outcomes/healthier-independent-adults/", "indicators/health-related-quality-of-life-ltc/")),
    # indicators with a page
    ("baby deaths", ("indicators/infant-mortality/",)),
    ("how long people live", ("indicators/life-expectancy-birth/",)),
    ("healthy years after 65", ("indicators/disability-free-life-expectancy-65/",)),
    ("poor areas die younger", ("indicators/life-expectancy-gap-deprivation/",)),
    ("quality of life long-term illness", ("indicators/health-related-quality-of-life-ltc/",)),
    ("bad hospital experience", ("indicators/poor-patient-experience-hospital/",)),
    ("experience of care outside hospital", ("indicators/poor-patient-experience-outside-hospital/",)),
    ("how many children live in Luton", ("indicators/population-aged-5-15/",)),
    ("number of older people", ("indicators/population-aged-65-plus/",)),
    ("population of Luton", ("indicators/population-total/",)),
    ("early deaths", ("indicators/potential-years-of-life-lost/",)),
    ("avoidable hospital admissions", ("indicators/avoidable-emergency-admissions/",)),
    # plans and their programmes
    ("A&E", ("plans/five-year-strategy/transforming-urgent-care/",)),
    ("emergency department", ("plans/five-year-strategy/transforming-urgent-care/",)),
    ("doctor", ("plans/five-year-strategy/transforming-primary-care/", "plans/five-year-strategy/")),
    ("five year plan", ("plans/five-year-strategy/",)),
    ("money", ("plans/better-care-fund/",)),
    ("pooled budget", ("plans/better-care-fund/",)),
    # the draft only names its Home Care Plus, Carers breaks and Reablement schemes: they are listed on its page
    ("help at home after hospital", ("plans/better-care-fund/seven-day-working/", "plans/better-care-fund/")),
    ("carers", ("plans/better-care-fund/", "help/")),
    ("talking therapies", ("outcomes/healthier-independent-adults/",)),
    ("mental health services", ("plans/five-year-strategy/reconfiguring-mental-health-and-community-services/",)),
    ("sharing my records", ("plans/better-care-fund/data-sharing/",)),
    ("weekend services", ("plans/better-care-fund/seven-day-working/",)),
    # governance
    ("who is in charge", ("governance/",)),
    ("health and wellbeing board", ("governance/",)),
]
