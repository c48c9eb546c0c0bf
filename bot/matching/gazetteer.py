"""Places people ask about that a knowledge base may not cover: US states and large cities, other
countries, regions and their big cities, and currencies that imply a country.

The knowledge files list only the places the source gives figures for. This table lets the bot
tell "a place the source does not cover" (Denver, Texas, Canada) from a word it does not know.
Places that the knowledge base does list are left to it (see ``bot.matching.gaps``).
"""

from __future__ import annotations

from dataclasses import dataclass

US = "United States"

# State name: its unambiguous abbreviations. Two-letter codes that are everyday words or common
# abbreviations (in, me, or, ok, hi, oh, de, pa, ma, co, la, id, al, mo, ms, md, wa, va, ga, mi...)
# are left out.
US_STATES: dict[str, tuple[str, ...]] = {
    "Alabama": ("ala",),
    "Alaska": ("ak",),
    "Arizona": ("az", "ariz"),
    "Arkansas": ("ark",),
    "California": ("calif",),
    "Colorado": ("colo",),
    "Connecticut": (),
    "Delaware": (),
    "Florida": ("fl", "fla"),
    "Georgia": ("georgia state",),
    "Hawaii": (),
    "Idaho": (),
    "Illinois": ("il",),
    "Indiana": (),
    "Iowa": (),
    "Kansas": ("ks",),
    "Kentucky": ("ky",),
    "Louisiana": (),
    "Maine": (),
    "Maryland": (),
    "Massachusetts": (),
    "Michigan": ("mich",),
    "Minnesota": (),
    "Mississippi": (),
    "Missouri": (),
    "Montana": ("mt",),
    "Nebraska": (),
    "Nevada": ("nv", "nev"),
    "New Hampshire": ("nh",),
    "New Jersey": ("nj", "jersey"),
    "New Mexico": (),
    "New York": (),
    "North Carolina": ("nc",),
    "North Dakota": ("nd",),
    "Ohio": (),
    "Oklahoma": ("okla",),
    "Oregon": (),
    "Pennsylvania": ("penn", "penna"),
    "Rhode Island": ("ri",),
    "South Carolina": ("sc",),
    "South Dakota": (),
    "Tennessee": (),
    "Texas": ("tx", "tex"),
    "Utah": ("ut",),
    "Vermont": ("vt",),
    "Virginia": (),
    "Washington": ("washington state", "wa state"),
    "West Virginia": ("wv",),
    "Wisconsin": ("wis",),
    "Wyoming": ("wy",),
    "District of Columbia": ("washington dc", "dc", "d c"),
    "Puerto Rico": (),
}

# The largest US cities and other well-known ones, with their state.
US_CITIES: dict[str, str] = {
    "Albuquerque": "New Mexico",
    "Anchorage": "Alaska",
    "Arlington": "Texas",
    "Atlanta": "Georgia",
    "Austin": "Texas",
    "Baltimore": "Maryland",
    "Birmingham": "Alabama",
    "Boise": "Idaho",
    "Buffalo": "New York",
    "Charlotte": "North Carolina",
    "Chicago": "Illinois",
    "Cincinnati": "Ohio",
    "Cleveland": "Ohio",
    "Colorado Springs": "Colorado",
    "Columbus": "Ohio",
    "Dallas": "Texas",
    "Denver": "Colorado",
    "Detroit": "Michigan",
    "El Paso": "Texas",
    "Fort Worth": "Texas",
    "Fresno": "California",
    "Honolulu": "Hawaii",
    "Houston": "Texas",
    "Indianapolis": "Indiana",
    "Jacksonville": "Florida",
    "Kansas City": "Missouri",
    "Las Vegas": "Nevada",
    "Long Beach": "California",
    "Louisville": "Kentucky",
    "Memphis": "Tennessee",
    "Miami": "Florida",
    "Milwaukee": "Wisconsin",
    "Minneapolis": "Minnesota",
    "Nashville": "Tennessee",
    "New Orleans": "Louisiana",
    "Newark": "New Jersey",
    "Oakland": "California",
    "Oklahoma City": "Oklahoma",
    "Omaha": "Nebraska",
    "Orlando": "Florida",
    "Philadelphia": "Pennsylvania",
    "Philly": "Pennsylvania",
    "Phoenix": "Arizona",
    "Pittsburgh": "Pennsylvania",
    "Portland": "Oregon",
    "Raleigh": "North Carolina",
    "Richmond": "Virginia",
    "Rochester": "Minnesota",
    "Sacramento": "California",
    "Salt Lake City": "Utah",
    "San Antonio": "Texas",
    "San Diego": "California",
    "San Jose": "California",
    "St Louis": "Missouri",
    "Saint Louis": "Missouri",
    "St Paul": "Minnesota",
    "Tampa": "Florida",
    "Tucson": "Arizona",
    "Tulsa": "Oklahoma",
    "Virginia Beach": "Virginia",
    "Wichita": "Kansas",
    "Atl": "Georgia",
    "Chi town": "Illinois",
    "Nola": "Louisiana",
    "Vegas": "Nevada",
    "Dfw": "Texas",
    "Socal": "California",
    "Norcal": "California",
    "Silicon Valley": "California",
}

# Other countries and regions: display name and what people type for them.
COUNTRIES: dict[str, tuple[str, ...]] = {
    "Canada": ("canada",),
    "Mexico": ("mexico",),
    "the United Kingdom": (
        "uk",
        "united kingdom",
        "england",
        "britain",
        "great britain",
        "scotland",
        "wales",
        "nhs",
        "gbp",
    ),
    "Ireland": ("ireland",),
    "Australia": ("australia", "aus"),
    "New Zealand": ("new zealand", "nz"),
    "India": ("india", "lakh", "lakhs", "lpa", "rupees", "inr", "crore"),
    "Pakistan": ("pakistan",),
    "Bangladesh": ("bangladesh",),
    "Sri Lanka": ("sri lanka",),
    "Nepal": ("nepal",),
    "the Philippines": ("philippines", "pinas"),
    "Nigeria": ("nigeria", "naija", "naira"),
    "Ghana": ("ghana",),
    "Kenya": ("kenya",),
    "South Africa": ("south africa",),
    "Egypt": ("egypt",),
    "the United Arab Emirates": (
        "uae",
        "united arab emirates",
        "emirates",
        "aed",
        "dirham",
        "dirhams",
    ),
    "Saudi Arabia": ("saudi", "saudi arabia", "ksa", "riyal", "riyals"),
    "Qatar": ("qatar",),
    "Kuwait": ("kuwait",),
    "Oman": ("oman",),
    "Bahrain": ("bahrain",),
    "Germany": ("germany",),
    "France": ("france",),
    "the Netherlands": ("netherlands", "holland"),
    "Belgium": ("belgium",),
    "Spain": ("spain",),
    "Italy": ("italy",),
    "Sweden": ("sweden",),
    "Norway": ("norway",),
    "Denmark": ("denmark",),
    "Switzerland": ("switzerland",),
    "Poland": ("poland",),
    "Singapore": ("singapore",),
    "Malaysia": ("malaysia",),
    "Japan": ("japan",),
    "China": ("china",),
    "South Korea": ("korea", "south korea"),
    "Brazil": ("brazil",),
    "Europe": ("europe", "eu", "euro", "euros"),
    "the Gulf countries": ("gulf", "gulf countries", "gcc", "middle east"),
    "Asia": ("asia",),
    "Africa": ("africa",),
    "Latin America": ("latin america", "south america"),
}

# Big cities abroad, with their country.
FOREIGN_CITIES: dict[str, str] = {
    "Toronto": "Canada",
    "Vancouver": "Canada",
    "Montreal": "Canada",
    "Calgary": "Canada",
    "Ottawa": "Canada",
    "London": "the United Kingdom",
    "Manchester": "the United Kingdom",
    "Birmingham UK": "the United Kingdom",
    "Dublin": "Ireland",
    "Sydney": "Australia",
    "Melbourne": "Australia",
    "Brisbane": "Australia",
    "Perth": "Australia",
    "Auckland": "New Zealand",
    "Mumbai": "India",
    "Delhi": "India",
    "New Delhi": "India",
    "Bangalore": "India",
    "Bengaluru": "India",
    "Hyderabad": "India",
    "Chennai": "India",
    "Pune": "India",
    "Kolkata": "India",
    "Karachi": "Pakistan",
    "Lahore": "Pakistan",
    "Islamabad": "Pakistan",
    "Dhaka": "Bangladesh",
    "Manila": "the Philippines",
    "Cebu": "the Philippines",
    "Lagos": "Nigeria",
    "Abuja": "Nigeria",
    "Accra": "Ghana",
    "Nairobi": "Kenya",
    "Johannesburg": "South Africa",
    "Cape Town": "South Africa",
    "Cairo": "Egypt",
    "Dubai": "the United Arab Emirates",
    "Abu Dhabi": "the United Arab Emirates",
    "Sharjah": "the United Arab Emirates",
    "Riyadh": "Saudi Arabia",
    "Jeddah": "Saudi Arabia",
    "Dammam": "Saudi Arabia",
    "Doha": "Qatar",
    "Muscat": "Oman",
    "Berlin": "Germany",
    "Munich": "Germany",
    "Paris": "France",
    "Amsterdam": "the Netherlands",
    "Madrid": "Spain",
    "Tokyo": "Japan",
    "Kuala Lumpur": "Malaysia",
    "Hong Kong": "China",
    "Shanghai": "China",
    "Beijing": "China",
    "Seoul": "South Korea",
    "Sao Paulo": "Brazil",
}


@dataclass(frozen=True, slots=True)
class GazetteerPlace:
    """A place from the table: its name, kind ("state", "city", "country") and where it lies."""

    name: str
    place_kind: str
    within: str  # the state of a US city, the country of a foreign city, "United States"...
    abroad: bool


def gazetteer() -> dict[str, GazetteerPlace]:
    """Every way of typing a place in the table, mapped to that place."""
    table: dict[str, GazetteerPlace] = {}
    for state, abbreviations in US_STATES.items():
        place = GazetteerPlace(state, "state", US, abroad=False)
        for alias in (state, *abbreviations):
            table.setdefault(alias.lower(), place)
    for city, state in US_CITIES.items():
        table.setdefault(city.lower(), GazetteerPlace(city, "city", state, abroad=False))
    for country, aliases in COUNTRIES.items():
        place = GazetteerPlace(country, "country", country, abroad=True)
        for alias in aliases:
            table.setdefault(alias.lower(), place)
    for city, country in FOREIGN_CITIES.items():
        name = city.removesuffix(" UK")
        table.setdefault(city.lower(), GazetteerPlace(name, "city", country, abroad=True))
    return table
