"""Build the fictional demo catalog and its SVG art: `python -m theset.demo.build_catalog`.

Every artist, venue, show, record and fan here is invented. The output is deterministic
(ids and numbers come from SHA-256 of fixed strings), so running the script again rewrites
theset/demo/catalog/*.json and static/demo/**.svg byte for byte. Event dates are stored
relative to ANCHOR_DATE; the transport moves them so the anchor falls on today.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from ..text import slugify, strip_accents

ANCHOR_DATE = date(2026, 12, 1)
PACKAGE_DIR = Path(__file__).resolve().parent
CATALOG_DIR = PACKAGE_DIR / "catalog"
STATIC_DIR = PACKAGE_DIR.parent.parent / "static" / "demo"
STATIC_URL = "/static/demo"
SPOTIFY_API = "https://api.spotify.com/v1"
SPOTIFY_OPEN = "https://open.spotify.com"
MUSIC_SEGMENT = {"id": "KZFzniwnSyZfZ7v7nJ", "name": "Music"}
BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

# TM genre ids as seen on real music attractions; sub-genre ids are opaque, made up here.
GENRES = {
    "Pop": "KnvZfZ7vAev",
    "Latin": "KnvZfZ7vAJ6",
    "Dance/Electronic": "KnvZfZ7vAvF",
    "Country": "KnvZfZ7vAv6",
    "World": "KnvZfZ7vAeF",
    "Rock": "KnvZfZ7vAeA",
    "Folk": "KnvZfZ7vAva",
    "Alternative": "KnvZfZ7vAvv",
    "Jazz": "KnvZfZ7vAvE",
    "Hip-Hop/Rap": "KnvZfZ7vAv1",
}
TYPES = {
    "Individual": (
        {"id": "KZAyXgnZfZ7v7la", "name": "Individual"},
        {"id": "KZFzBErXgnZfZ7vAdd", "name": "Performer"},
    ),
    "Group": (
        {"id": "KZAyXgnZfZ7v7l1", "name": "Group"},
        {"id": "KZFzBErXgnZfZ7vA71", "name": "Band"},
    ),
}

# Artists. spotify: "linked" (TM externalLinks.spotify), "name" (no externalLinks at all;
# found on Spotify by exact name), "none" (no Spotify artist). stats: Spotify followers,
# popularity and genres present (dev-mode apps get them for no artist since 2026).
ARTISTS = [
    dict(
        slug="zoe-marchetti",
        name="Zoé Marchetti",
        genre="Pop",
        sub="French Pop",
        kind="Individual",
        spotify="linked",
        stats=(48213, 61, ["french pop", "chanson"]),
        aliases=["zoe marchetti"],
        tour="Tournée Lumière",
        live_venue="Salle Lumière",
        albums=[("Chambre Bleue", "2019-04-12"), ("Les Heures Claires", "2023-09-22")],
        extras=["live", "acoustic", "karaoke"],
        dash="–",
        songs=[
            "Chambre bleue",
            "Ça ira demain",
            "Minuit à Lisbonne",
            "Les fenêtres",
            "Papier froissé",
            "Rue des Lilas",
            "Néons",
            "Cœur en veille",
            "Vertige",
            "Les heures claires",
            "Lumière d'hiver",
            "Tout doux",
            "Reviens-moi",
            "Quai numéro 9",
            "Plage arrière",
            "Soleil de février",
            "Marée basse",
        ],
    ),
    dict(
        slug="los-hermanos-quinones",
        name="Los Hermanos Quiñones",
        genre="Latin",
        sub="Cumbia",
        kind="Group",
        spotify="name",
        stats=(120554, 58, ["cumbia", "cumbia sonidera"]),
        tour="Gira Corazón de Papel",
        live_venue="Foro Farol",
        dash="-",
        albums=[("Cumbia de Medianoche", "2015-07-03"), ("Corazón de Papel", "2022-02-18")],
        extras=["remaster", "live", "compilation"],
        songs=[
            "Cumbia de medianoche",
            "La niña del malecón",
            "Acordeón viajero",
            "Sábado eterno",
            "Mi güera",
            "El último camión",
            "Bailando en la azotea",
            "Lluvia en Monterrey",
            "Cielo de hojalata",
            "Corazón de papel",
            "Dos tequilas y un adiós",
            "Canción para Rosa",
            "La vuelta al barrio",
            "Ojos de mango",
            "Verano sin final",
            "El sonidero",
            "Guitarra de cartón",
        ],
    ),
    dict(
        slug="fjora",
        name="Fjøra",
        genre="Dance/Electronic",
        sub="Downtempo",
        kind="Individual",
        spotify="linked",
        stats=None,
        tour="Isbre Live",
        live_venue="Vestkant Scene",
        dash="-",
        albums=[("Nordlys", "2018-10-05"), ("Isbre", "2024-03-08")],
        extras=["remix"],
        songs=[
            "Nordlys",
            "Fjellvind",
            "Saltwater Hymn",
            "Polar Night Radio",
            "Kald kaffe",
            "Glass Harbour",
            "Midnattsol",
            "Slow Aurora",
            "Ferry to Tromsø",
            "Isbre",
            "Hvit støy",
            "Under the Ice Shelf",
            "Lysfall",
            "Tide Tables",
            "Stille",
            "Svalbard Signal",
            "Snøfonn",
        ],
    ),
    dict(
        slug="koji-and-the-night-ferries",
        name="Kōji & the Night Ferries",
        genre="Pop",
        sub="City Pop",
        kind="Group",
        spotify="linked",
        stats=(87410, 55, ["city pop", "j-pop"]),
        aliases=["koji and the night ferries"],
        tour="Night Ferry Romance Tour",
        live_venue="Kōyō Hall",
        dash="–",
        albums=[("Harbour Lights Tokyo", "2017-06-21"), ("Night Ferry Romance", "2021-11-03")],
        extras=["remaster", "karaoke", "live"],
        songs=[
            "Shibuya 2AM",
            "Neon Umbrella",
            "Summer Wind Radio",
            "Kōen-dōri Drive",
            "Last Train to Yokohama",
            "Blue Hour Cassette",
            "Moon over Odaiba",
            "Seaside Telephone",
            "Vending Machine Sunset",
            "Night Ferry Romance",
            "Ferry Horn Serenade",
            "Tokyo Skyline Shuffle",
            "Paper Lantern Groove",
            "Sakura Static",
            "City Lights Replay",
            "Starlight Expressway",
            "Harbour Lights",
        ],
    ),
    dict(
        slug="dr-marlowes-lamplighters",
        name="Dr. Marlowe's Lamplighters",
        genre="Country",
        sub="Americana",
        kind="Group",
        spotify="linked",
        stats=None,
        tour="Lamplight & Gravel Tour",
        live_venue="Copperline Hall",
        dash="-",
        albums=[("Kerosene Hymnal", "2013"), ("Lamplight & Gravel", "2020-05-15")],
        extras=["acoustic", "live"],
        spotify_query="?si=3f9a1c0e2b7d4a66",
        songs=[
            "Kerosene Hymnal",
            "Doc's Traveling Tonic",
            "River Don't Owe Me",
            "Porchlight Waltz",
            "Coal Town Sweetheart",
            "Mule Named Patience",
            "Tin Roof Revival",
            "Wichita Static",
            "Old Stove Blues",
            "Lamplight & Gravel",
            "Barn Dance at the End of the World",
            "Sawdust & Sorrow",
            "Prairie Telegraph",
            "Hollow Creek",
            "Moth to the Lamp",
            "Snake Oil Sunday",
            "Dust Bowl Daydream",
        ],
    ),
    dict(
        slug="mirela-vantu",
        name="Mirela Vântu",
        genre="Dance/Electronic",
        sub="Electropop",
        kind="Individual",
        spotify="linked",
        stats=(30977, 49, ["romanian pop", "electropop"]),
        tour="Electric Carpați Tour",
        live_venue="",
        dash="-",
        albums=[("Vânt de Est", "2020-02-14"), ("Electric Carpați", "2024-06-07")],
        extras=["remix", "karaoke"],
        songs=[
            "Vânt de est",
            "Neon Doina",
            "Bucharest Basement",
            "Dansează",
            "Inimă de sticlă",
            "Midnight Tram 41",
            "Chromatic",
            "Dor",
            "Signal Lost",
            "Electric Carpați",
            "Lună nouă",
            "Velvet Static",
            "Fever Line",
            "Mărțișor",
            "Polaroid Heart",
            "Satellite Kiss",
            "Strada Luminii",
        ],
    ),
    dict(
        slug="grunwald",
        name="GRÜNWALD",
        genre="Dance/Electronic",
        sub="Techno",
        kind="Individual",
        spotify="linked",
        stats=None,
        aliases=["grunwald", "gruenwald"],
        tour="Stahlwerk Live",
        live_venue="",
        dash="-",
        albums=[("Tiefgarage", "2019-09-27"), ("Stahlwerk", "2023-04-21")],
        extras=["remix"],
        songs=[
            "Tiefgarage",
            "Kraftfeld",
            "Nachtschicht",
            "Kaltstart",
            "Betonherz",
            "Rauschen",
            "Lichtorgel",
            "Spreeufer 5 Uhr",
            "Funkloch",
            "Stahlwerk",
            "Ölfilm",
            "Kühlturm",
            "Systemzeit",
            "Überlauf",
            "Taktgeber",
            "Grauzone",
            "Nebelmaschine",
        ],
    ),
    dict(
        slug="ama-boateng",
        name="Ama Boateng",
        genre="World",
        sub="Afrobeats",
        kind="Individual",
        spotify="linked",
        stats=(264118, 68, ["afrobeats", "highlife"]),
        tour="Sankofa Nights Tour",
        live_venue="Kingsway Forum",
        dash="-",
        albums=[("Gold Coast Radio", "2021-08-13"), ("Sankofa Nights", "2025-01-24")],
        extras=["live", "acoustic", "remix"],
        songs=[
            "Gold Coast Radio",
            "Kumasi Sunrise",
            "Jollof Wars",
            "Palm Wine Slow Dance",
            "Owusu's Daughter",
            "Peckham to Accra",
            "Bright Lights, Osu",
            "Kente Love",
            "Harmattan",
            "Sankofa Nights",
            "Take Me Dancing (Oya)",
            "Trotro Love Song",
            "Akwaaba",
            "Sweet Mother's Kitchen",
            "Highlife Heart",
            "Midnight in Labadi",
            "Ananse",
        ],
    ),
    dict(
        slug="harbour-static",
        name="Harbour Static",
        genre="Rock",
        sub="Indie Rock",
        kind="Group",
        spotify="linked",
        stats=None,
        tour="Low Tide Tour",
        live_venue="",
        dash="-",
        albums=[],
        extras=[],
        songs=["Low Tide", "Breakwater", "Sodium Lights"],
    ),
    dict(
        slug="mare-alta",
        name="Maré Alta",
        genre="World",
        sub="MPB",
        kind="Group",
        spotify="linked",
        stats=(57302, 52, ["mpb", "samba"]),
        tour="Turnê Baía de Todos os Sons",
        live_venue="Casa Brisa",
        dash="-",
        albums=[("Maré Alta", "2016-11-18"), ("Baía de Todos os Sons", "2022-10-07")],
        extras=["acoustic", "remaster", "live"],
        songs=[
            "Maré alta",
            "Saudade em Dó Maior",
            "Copacabana às 5",
            "Samba do farol",
            "Café com chuva",
            "Menina de Niterói",
            "Lua de São João",
            "Coração de jangada",
            "Pé na areia",
            "Baía de todos os sons",
            "Bossa pro vizinho",
            "Ventania",
            "Ilha do Mel",
            "Sereno",
            "Carioca em Lisboa",
            "Jabuticaba",
            "Onda verde",
        ],
    ),
    dict(
        slug="wattle-and-ash",
        name="Wattle & Ash",
        genre="Folk",
        sub="Folk",
        kind="Group",
        spotify="linked",
        stats=None,
        aliases=["wattle and ash"],
        tour="Bushfire Season Tour",
        live_venue="Southbank Bowl",
        dash="–",
        albums=[("Red Dirt Letters", "2018-07-20"), ("Bushfire Season", "2022-05-27")],
        extras=["acoustic", "live"],
        songs=[
            "Red Dirt Letters",
            "Magpie Morning",
            "Nullarbor",
            "Gum Tree Lullaby",
            "Saltbush Road",
            "Fremantle Doctor",
            "Drought Breaks",
            "Southerly Buster",
            "Lyrebird",
            "Bushfire Season",
            "Billabong Hymn",
            "Corrugated Iron",
            "Dusk on the Murray",
            "Swag & Stars",
            "Kookaburra Time",
            "Long Paddock",
            "Wattle & Ash",
        ],
    ),
    dict(
        slug="kestrel-avenue",
        name="Kestrel Avenue",
        genre="Alternative",
        sub="Pop Punk",
        kind="Group",
        spotify="none",
        stats=None,
        tour="Suburban Static Tour",
        live_venue="",
        dash="-",
        albums=[],
        extras=[],
        songs=[],
    ),
    dict(
        slug="the-nightjar-quintet",
        name="The Nightjar Quintet",
        genre="Jazz",
        sub="Hard Bop",
        kind="Group",
        spotify="linked",
        stats=(18420, 41, ["contemporary jazz", "hard bop"]),
        aliases=["nightjar quintet"],
        tour="Moth Hour Tour",
        live_venue="The Lantern Room",
        dash="-",
        albums=[("Nocturnes for Nightjars", "2014-03"), ("Moth Hour", "2019-11-08")],
        extras=["live", "remaster"],
        songs=[
            "Nightjar Blues",
            "Dusk Bop",
            "Blue Lamp Café",
            "Insomniac's Waltz",
            "Lullaby for Lighthouse Keepers",
            "Owl Light",
            "4 a.m. Cab Ride",
            "Starling Murmuration",
            "Velvet Rope",
            "Moth Hour",
            "Tenor of the Times",
            "Moonlit Mambo",
            "Cellar Door Swing",
            "Half-Past Never",
            "Bird on a Bassline",
            "Ember Ballad",
            "Streetlamp Sonata",
        ],
    ),
    dict(
        slug="saint-alder",
        name="Saint Alder",
        genre="Hip-Hop/Rap",
        sub="Alternative Rap",
        kind="Individual",
        spotify="linked",
        stats=None,
        tour="Greenhouse Gospel Tour",
        live_venue="Arroyo Bowl",
        dash="-",
        albums=[("Alder Street", "2020-10-30"), ("Greenhouse Gospel", "2024-09-13")],
        extras=["remix", "live"],
        explicit=True,
        songs=[
            "Alder Street",
            "Sunday Best",
            "Block Party Psalms",
            "Rootwork",
            "No Cosign",
            "Late Pass",
            "Cornerstore Prophet",
            "Mama's Porch",
            "Bus Fare",
            "Greenhouse Gospel",
            "Gold Fronts, Green Thumbs",
            "Stained Glass",
            "Sanctuary",
            "Overtime",
            "Rooftop Sermon",
            "Ghost Notes",
            "Heatwave",
        ],
    ),
]

# Spotify-only artists whose names nearly match demo artists: name matching must be exact.
NEAR_MISSES = [
    dict(
        slug="zoe-marchetti-tribute",
        name="Zoe Marchetti Tribute",
        stats=(312, 4, []),
        release=(
            "A Tribute to Zoé Marchetti",
            "2024-02-02",
            "album",
            ["Chambre bleue", "Vertige", "Les heures claires"],
        ),
        images=False,
    ),
    dict(
        slug="los-hermanos-quinones-jr",
        name="Los Hermanos Quiñones Jr.",
        stats=None,
        release=("Cumbia Junior", "2023-05-19", "single", ["Cumbia junior", "Mi primo"]),
        images=True,
    ),
    dict(
        slug="the-kestrel-avenue-experience",
        name="The Kestrel Avenue Experience",
        stats=(95, 1, ["pop punk"]),
        release=("Suburban Static (Covers)", "2025-08-01", "single", ["Parking Lot Anthem"]),
        images=False,
    ),
]

VENUES = [
    # key, name, city, (state name, code) or None, (country, code), postal, line1, lat, lon, tz
    (
        "marigold",
        "Marigold Theatre",
        "Chicago",
        ("Illinois", "IL"),
        ("United States Of America", "US"),
        "60614",
        "2841 N Halsted St",
        "41.93331",
        "-87.64880",
        "America/Chicago",
    ),
    (
        "arroyo",
        "Arroyo Bowl",
        "Pasadena",
        ("California", "CA"),
        ("United States Of America", "US"),
        "91103",
        "1200 Arroyo Terrace",
        "34.16130",
        "-118.16760",
        "America/Los_Angeles",
    ),
    (
        "lantern",
        "The Lantern Room",
        "Brooklyn",
        ("New York", "NY"),
        ("United States Of America", "US"),
        "11249",
        "118 Kent Ave",
        "40.72160",
        "-73.96180",
        "America/New_York",
    ),
    (
        "copperline",
        "Copperline Hall",
        "Denver",
        ("Colorado", "CO"),
        ("United States Of America", "US"),
        "80205",
        "2700 Larimer St",
        "39.75970",
        "-104.98480",
        "America/Denver",
    ),
    (
        "lumiere",
        "Salle Lumière",
        "Montréal",
        ("Quebec", "QC"),
        ("Canada", "CA"),
        "H2X 1Y9",
        "1480 Rue Saint-Urbain",
        "45.50880",
        "-73.56650",
        "America/Toronto",
    ),
    (
        "farol",
        "Foro Farol",
        "Ciudad de México",
        ("Ciudad de México", "CDMX"),
        ("Mexico", "MX"),
        "06700",
        "Av. Álvaro Obregón 185",
        "19.41940",
        "-99.16180",
        "America/Mexico_City",
    ),
    (
        "brisa",
        "Casa Brisa",
        "Rio de Janeiro",
        ("Rio de Janeiro", "RJ"),
        ("Brazil", "BR"),
        "22290-030",
        "Av. Pasteur 520",
        "-22.95300",
        "-43.17100",
        "America/Sao_Paulo",
    ),
    (
        "jabuticaba",
        "Teatro Jabuticaba",
        "São Paulo",
        ("São Paulo", "SP"),
        ("Brazil", "BR"),
        "05407-002",
        "Rua dos Pinheiros 1042",
        "-23.56600",
        "-46.68700",
        "America/Sao_Paulo",
    ),
    (
        "kingsway",
        "Kingsway Forum",
        "London",
        None,
        ("Great Britain", "GB"),
        "N1 9GU",
        "211 Caledonian Road",
        "51.53960",
        "-0.11730",
        "Europe/London",
    ),
    (
        "foundry",
        "The Foundry Rooms",
        "Manchester",
        None,
        ("Great Britain", "GB"),
        "M4 1LE",
        "44 Tariff Street",
        "53.48290",
        "-2.23330",
        "Europe/London",
    ),
    (
        "spreewerk",
        "Spreewerk Halle",
        "Berlin",
        None,
        ("Germany", "DE"),
        "10245",
        "Stralauer Allee 14",
        "52.50100",
        "13.44400",
        "Europe/Berlin",
    ),
    (
        "vestkant",
        "Vestkant Scene",
        "Oslo",
        None,
        ("Norway", "NO"),
        "0250",
        "Tjuvholmen allé 8",
        "59.90700",
        "10.72200",
        "Europe/Oslo",
    ),
    (
        "koyo",
        "Kōyō Hall",
        "Tokyo",
        None,
        ("Japan", "JP"),
        "150-0041",
        "2-5-1 Jinnan",
        "35.66400",
        "139.69900",
        "Asia/Tokyo",
    ),
    (
        "southbank",
        "Southbank Bowl",
        "Melbourne",
        ("Victoria", "VIC"),
        ("Australia", "AU"),
        "3006",
        "100 Riverside Quay",
        "-37.82200",
        "144.96400",
        "Australia/Melbourne",
    ),
    (
        "harbourside",
        "Harbourside Pavilion",
        "Sydney",
        ("New South Wales", "NSW"),
        ("Australia", "AU"),
        "2000",
        "1 Pier Street",
        "-33.87400",
        "151.19900",
        "Australia/Sydney",
    ),
    (
        "teawa",
        "Te Awa Hall",
        "Auckland",
        None,
        ("New Zealand", "NZ"),
        "1010",
        "55 Quay Street",
        "-36.84400",
        "174.76800",
        "Pacific/Auckland",
    ),
]
TM_DOMAINS = {
    "US": "www.ticketmaster.com",
    "CA": "www.ticketmaster.ca",
    "MX": "www.ticketmaster.com.mx",
    "BR": "www.ticketmaster.com.br",
    "GB": "www.ticketmaster.co.uk",
    "DE": "www.ticketmaster.de",
    "NO": "www.ticketmaster.no",
    "JP": "www.ticketmaster.com",
    "AU": "www.ticketmaster.com.au",
    "NZ": "www.ticketmaster.co.nz",
}
CURRENCIES = {
    "US": "USD",
    "CA": "CAD",
    "MX": "MXN",
    "BR": "BRL",
    "GB": "GBP",
    "DE": "EUR",
    "NO": "NOK",
    "JP": "JPY",
    "AU": "AUD",
    "NZ": "NZD",
}

# Shows: artist slugs (first is the headliner), venue key, days after ANCHOR_DATE, local
# time (None: time TBA), extra facts.
EVENTS = [
    (["zoe-marchetti"], "lumiere", 3, "20:00", {}),
    (["zoe-marchetti"], "lantern", 6, "20:00", {}),
    (["zoe-marchetti"], "kingsway", 21, "19:30", {"status": "offsale"}),
    (["zoe-marchetti"], "spreewerk", 24, "20:00", {}),
    (["zoe-marchetti"], "marigold", 110, "19:30", {}),
    (["los-hermanos-quinones"], "farol", 9, "21:00", {}),
    (["los-hermanos-quinones"], "arroyo", 16, "19:00", {}),
    (["los-hermanos-quinones"], "copperline", 40, "20:00", {}),
    (["los-hermanos-quinones"], "jabuticaba", 150, "21:30", {}),
    (["fjora"], "vestkant", 12, "20:00", {}),
    (["fjora", "grunwald"], "spreewerk", 45, "22:00", {"name": "Fjøra + GRÜNWALD: Nordlicht"}),
    (["fjora"], "foundry", 48, "19:00", {}),
    (["fjora"], "koyo", 200, "19:00", {}),
    (["koji-and-the-night-ferries"], "koyo", 5, "18:30", {}),
    (["koji-and-the-night-ferries"], "teawa", 30, "20:00", {}),
    (["koji-and-the-night-ferries"], "harbourside", 33, "19:30", {}),
    (["koji-and-the-night-ferries"], "arroyo", 95, "20:00", {}),
    (["dr-marlowes-lamplighters"], "copperline", 7, "19:30", {}),
    (["dr-marlowes-lamplighters"], "marigold", 14, "20:00", {}),
    (["dr-marlowes-lamplighters"], "lantern", 60, "19:00", {"status": "cancelled"}),
    (["dr-marlowes-lamplighters"], "lumiere", 130, "20:00", {}),
    (["mirela-vantu"], "kingsway", 18, "20:00", {}),
    (["mirela-vantu"], "spreewerk", 55, "21:00", {}),
    (["mirela-vantu"], "vestkant", 90, None, {}),
    (["grunwald"], "foundry", 70, "22:00", {}),
    (["grunwald"], "lantern", 140, "23:00", {}),
    (["grunwald"], "koyo", 190, "21:00", {}),
    (["ama-boateng"], "kingsway", 10, "19:00", {}),
    (["ama-boateng"], "foundry", 36, "19:30", {}),
    (["ama-boateng"], "lantern", 75, "20:00", {}),
    (["ama-boateng"], "brisa", 180, "21:00", {}),
    (["harbour-static"], "foundry", 4, "19:30", {}),
    (["harbour-static"], "kingsway", 28, "19:00", {}),
    (["harbour-static"], "southbank", 120, "19:00", {}),
    (["mare-alta"], "brisa", 8, "21:00", {}),
    (["mare-alta"], "jabuticaba", 15, "20:00", {}),
    (["mare-alta"], "farol", 65, "21:00", {}),
    (["mare-alta"], "lumiere", 160, "20:00", {}),
    (["wattle-and-ash"], "southbank", 11, "18:00", {}),
    (["wattle-and-ash"], "harbourside", 13, "19:00", {}),
    (["wattle-and-ash"], "teawa", 100, "19:30", {"status": "rescheduled", "initial": 20}),
    (["kestrel-avenue"], "copperline", 20, "19:00", {}),
    (["kestrel-avenue"], "arroyo", 50, "19:30", {}),
    (["kestrel-avenue"], "marigold", 170, "19:00", {}),
    (["the-nightjar-quintet"], "lantern", 26, "21:30", {}),
    (["the-nightjar-quintet"], "marigold", 80, "20:00", {}),
    (["the-nightjar-quintet"], "koyo", 235, "19:00", {}),
    (["saint-alder"], "arroyo", 17, "20:00", {}),
    (["saint-alder"], "copperline", 42, "20:30", {}),
    (["saint-alder"], "lantern", 85, "20:00", {}),
    (["saint-alder"], "kingsway", 220, "19:30", {}),
]

FANS = [
    dict(
        id="demo_mara",
        name="Mara Lindqvist",
        country="SE",
        product="premium",
        follows=[
            "fjora",
            "zoe-marchetti",
            "grunwald",
            "mirela-vantu",
            "harbour-static",
            "wattle-and-ash",
            "the-nightjar-quintet",
            "zoe-marchetti-tribute",
        ],
        top=[
            "fjora",
            "zoe-marchetti",
            "mirela-vantu",
            "grunwald",
            "koji-and-the-night-ferries",
            "harbour-static",
        ],
    ),
    dict(
        id="demo_tomas",
        name="Tomás Herrera",
        country="MX",
        product="premium",
        follows=[
            "los-hermanos-quinones",
            "mare-alta",
            "saint-alder",
            "ama-boateng",
            "koji-and-the-night-ferries",
            "los-hermanos-quinones-jr",
            "dr-marlowes-lamplighters",
        ],
        top=["los-hermanos-quinones", "mare-alta", "saint-alder", "ama-boateng", "zoe-marchetti"],
    ),
    dict(
        id="demo_priya",
        name="Priya Anand",
        country="GB",
        product="free",
        follows=["harbour-static", "ama-boateng"],
        top=[
            "ama-boateng",
            "harbour-static",
            "dr-marlowes-lamplighters",
            "wattle-and-ash",
            "the-nightjar-quintet",
            "koji-and-the-night-ferries",
            "zoe-marchetti",
            "saint-alder",
            "mare-alta",
            "mirela-vantu",
            "fjora",
            "grunwald",
        ],
    ),
]


# --- helpers -------------------------------------------------------------------------------


def digest(*parts: str) -> int:
    """A stable integer from strings (the only source of 'randomness' here)."""
    return int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest(), "big")


def base62(length: int, *parts: str) -> str:
    number = digest(*parts)
    chars = []
    for _ in range(length):
        number, rest = divmod(number, 62)
        chars.append(BASE62[rest])
    return "".join(chars)


def fold(text: str) -> str:
    """Lower case without accents: 'Fjøra' -> 'fjora'."""
    return strip_accents(text).casefold()


def utc_text(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


def local_to_utc(day: date, clock: str, zone: str) -> str:
    hour, minute = (int(part) for part in clock.split(":")[:2])
    return utc_text(datetime.combine(day, time(hour, minute), ZoneInfo(zone)))


def spotify_ref(kind: str, spotify_id: str, name: str) -> dict:
    return {
        "external_urls": {"spotify": f"{SPOTIFY_OPEN}/{kind}/{spotify_id}"},
        "href": f"{SPOTIFY_API}/{kind}s/{spotify_id}",
        "id": spotify_id,
        "name": name,
        "type": kind,
        "uri": f"spotify:{kind}:{spotify_id}",
    }


def spotify_images(path: str, sizes=(640, 300, 64)) -> list[dict]:
    return [{"height": size, "url": f"{STATIC_URL}/{path}", "width": size} for size in sizes]


# --- SVG art -------------------------------------------------------------------------------


def initials(name: str) -> str:
    words = [
        w
        for w in re.findall(r"\w+", name)
        if len(w) > 1
        and not w.isdigit()
        and w.lower() not in {"the", "los", "dr", "de", "to", "and"}
    ]
    if len(words) == 1:
        return words[0][:2].capitalize()
    return "".join(word[0].upper() for word in words[:2]) or "♪"


def svg(title: str, label: str, width: int, height: int, seed: str) -> str:
    hue = digest(seed) % 360
    other = (hue + 40 + digest(seed, "2") % 80) % 360
    size = min(width, height) * (0.36 if len(label) < 3 else 0.26)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="t">\n'
        f'<title id="t">{escape(title)}</title>\n'
        '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">'
        f'<stop offset="0" stop-color="hsl({hue},62%,42%)"/>'
        f'<stop offset="1" stop-color="hsl({other},58%,22%)"/></linearGradient></defs>\n'
        f'<rect width="{width}" height="{height}" fill="url(#g)"/>\n'
        f'<circle cx="{width * 0.82:.0f}" cy="{height * 0.2:.0f}" '
        f'r="{min(width, height) * 0.3:.0f}" fill="#fff" fill-opacity=".08"/>\n'
        f'<text x="50%" y="50%" dy=".35em" text-anchor="middle" '
        f'font-family="system-ui,-apple-system,Segoe UI,sans-serif" font-size="{size:.0f}" '
        f'font-weight="700" fill="#fff" fill-opacity=".92">{escape(label)}</text>\n</svg>\n'
    )


class Art:
    """Collects the SVG files to write, keyed by their path under static/demo."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}

    def add(
        self, path: str, title: str, label: str, width: int, height: int, seed: str = ""
    ) -> str:
        self.files[path] = svg(title, label, width, height, seed or path)
        return path


def tm_images(art: Art, slug: str, name: str) -> list[dict]:
    wide = art.add(f"artists/{slug}-16_9.svg", name, initials(name), 1024, 576, slug)
    photo = art.add(f"artists/{slug}-3_2.svg", name, initials(name), 640, 427, slug)
    return [
        {
            "ratio": "16_9",
            "url": f"{STATIC_URL}/{wide}",
            "width": 1024,
            "height": 576,
            "fallback": False,
        },
        {
            "ratio": "16_9",
            "url": f"{STATIC_URL}/{wide}",
            "width": 640,
            "height": 360,
            "fallback": False,
        },
        {
            "ratio": "3_2",
            "url": f"{STATIC_URL}/{photo}",
            "width": 640,
            "height": 427,
            "fallback": False,
        },
        {
            "ratio": "3_2",
            "url": f"{STATIC_URL}/{photo}",
            "width": 305,
            "height": 203,
            "fallback": False,
        },
    ]


def fallback_images(art: Art) -> list[dict]:
    wide = art.add("fallback-16_9.svg", "Live music", "♪", 1024, 576)
    photo = art.add("fallback-3_2.svg", "Live music", "♪", 640, 427)
    return [
        {
            "ratio": "16_9",
            "url": f"{STATIC_URL}/{wide}",
            "width": 1024,
            "height": 576,
            "fallback": True,
        },
        {
            "ratio": "3_2",
            "url": f"{STATIC_URL}/{photo}",
            "width": 305,
            "height": 203,
            "fallback": True,
        },
    ]


# --- Spotify -------------------------------------------------------------------------------


def spotify_artist(art: Art, spec: dict) -> dict:
    spotify_id = base62(22, "spotify:artist", spec["slug"])
    record = {"external_urls": {"spotify": f"{SPOTIFY_OPEN}/artist/{spotify_id}"}}
    if spec.get("stats"):
        followers, popularity, genres = spec["stats"]
        record["followers"] = {"href": None, "total": followers}
        record["genres"] = genres
    record["href"] = f"{SPOTIFY_API}/artists/{spotify_id}"
    record["id"] = spotify_id
    if spec.get("images", True):
        path = art.add(
            f"artists/{spec['slug']}.svg",
            spec["name"],
            initials(spec["name"]),
            640,
            640,
            spec["slug"],
        )
        record["images"] = spotify_images(path, (640, 320, 160))
    else:
        record["images"] = []
    record["name"] = spec["name"]
    if spec.get("stats"):
        record["popularity"] = spec["stats"][1]
    record["type"] = "artist"
    record["uri"] = f"spotify:artist:{spotify_id}"
    return record


def _release(
    art: Art,
    artist: dict,
    name: str,
    released: str,
    album_type: str,
    tracks: list,
    explicit: bool = False,
) -> tuple[dict, list[dict]]:
    """One album or single with its simplified tracks; tracks are names or (name, extra artists)."""
    key = f"{artist['id']}:{name}:{album_type}"
    album_id = base62(22, "spotify:album", key)
    cover = art.add(
        f"albums/{slugify(artist['name'])}-{slugify(name)}.svg",
        f"{name} by {artist['name']}",
        initials(name),
        640,
        640,
    )
    owner = spotify_ref("artist", artist["id"], artist["name"])
    album = {
        "album_type": album_type,
        "artists": [owner],
        "external_urls": {"spotify": f"{SPOTIFY_OPEN}/album/{album_id}"},
        "href": f"{SPOTIFY_API}/albums/{album_id}",
        "id": album_id,
        "images": spotify_images(cover),
        "name": name,
        "release_date": released,
        "release_date_precision": {4: "year", 7: "month"}.get(len(released), "day"),
        "total_tracks": len(tracks),
        "type": "album",
        "uri": f"spotify:album:{album_id}",
    }
    items = []
    for number, entry in enumerate(tracks, start=1):
        title, guests = (entry, []) if isinstance(entry, str) else entry
        track_id = base62(22, "spotify:track", key, str(number), title)
        items.append(
            {
                "artists": [owner] + guests,
                "disc_number": 1,
                "duration_ms": 150_000 + digest(track_id) % 180_000,
                "explicit": explicit and digest(track_id, "explicit") % 3 != 0,
                "external_urls": {"spotify": f"{SPOTIFY_OPEN}/track/{track_id}"},
                "href": f"{SPOTIFY_API}/tracks/{track_id}",
                "id": track_id,
                "is_local": False,
                "name": title,
                "track_number": number,
                "type": "track",
                "uri": f"spotify:track:{track_id}",
            }
        )
    return album, items


def shifted(released: str, days: int) -> str:
    """A release date `days` after another; keeps the precision of the original."""
    if len(released) < 10:
        return released
    return (date.fromisoformat(released) + timedelta(days=days)).isoformat()


def discography(art: Art, spec: dict, artist: dict, guests: dict) -> list[tuple[dict, list]]:
    """Albums, singles and the non-studio versions that the app must filter out."""
    songs, dash, explicit = spec["songs"], spec["dash"], spec.get("explicit", False)
    out = []

    def add(name, released, album_type, tracks):
        out.append(_release(art, artist, name, released, album_type, tracks, explicit))

    if spec["slug"] == "harbour-static":
        add("Breakwater", "2026-01-16", "single", ["Breakwater"])
        add("Low Tide EP", "2026-03-06", "single", songs[:3])
        return out
    (first, first_date), (second, second_date) = spec["albums"]
    second_tracks = list(songs[9:16])
    if spec["slug"] == "grunwald":  # a feature: the album appears on Mirela Vântu's page too
        second_tracks[2] = (f"{second_tracks[2]} (feat. Mirela Vântu)", [guests["mirela-vantu"]])
    add(first, first_date, "album", songs[:9])
    add(songs[9], shifted(second_date, -70), "single", [songs[9]])  # lead single, also on album
    add(second, second_date, "album", second_tracks)
    add(
        songs[16],
        shifted(second_date, 400) if len(second_date) == 10 else "2025-04-04",
        "single",
        [songs[16]],
    )
    year = int(first_date[:4])
    later = min(int(second_date[:4]) + 1, 2026)
    for extra in spec["extras"]:
        if extra == "live":
            add(
                f"Live at {spec['live_venue']}",
                f"{later}-06-12",
                "album",
                [
                    f"{song} {dash} Live at {spec['live_venue']}"
                    for song in (songs[0], songs[3], songs[9], songs[11], songs[1])
                ],
            )
        elif extra == "acoustic":
            add(
                f"{songs[2]} (Acoustic)",
                f"{min(year + 4, 2026)}-02-21",
                "single",
                [f"{songs[2]} (Acoustic)", f"{songs[5]} (Acoustic)", f"{songs[12]} (Demo)"],
            )
        elif extra == "remix":
            add(
                f"{songs[10]} (Remix)",
                shifted(second_date, 120),
                "single",
                [f"{songs[10]} (Remix)", f"{songs[10]} (Instrumental)"],
            )
        elif extra == "karaoke":
            add(
                f"{songs[9]} (Karaoke Version)",
                shifted(second_date, 200),
                "single",
                [f"{songs[9]} - Karaoke Version"],
            )
        elif extra == "remaster":
            add(
                f"{first} ({year + 6} Remaster)",
                f"{year + 6}-05-07",
                "album",
                [f"{song} - {year + 6} Remaster" for song in songs[:9]],
            )
        elif extra == "compilation":
            add(
                "Grandes Éxitos",
                "2024-11-29",
                "compilation",
                [songs[0], songs[9], songs[1], songs[10], songs[4], songs[13]],
            )
    return out


def build_spotify(art: Art) -> tuple[dict, dict[str, str]]:
    specs = [a for a in ARTISTS if a["spotify"] != "none"] + NEAR_MISSES
    artists = [spotify_artist(art, spec) for spec in specs]
    ids = {spec["slug"]: artist["id"] for spec, artist in zip(specs, artists, strict=True)}
    guests = {
        spec["slug"]: spotify_ref("artist", a["id"], a["name"])
        for spec, a in zip(specs, artists, strict=True)
    }
    albums, album_tracks = [], {}
    for spec, artist in zip(specs, artists, strict=True):
        if "release" in spec:
            name, released, album_type, titles = spec["release"]
            releases = [_release(art, artist, name, released, album_type, titles)]
        else:
            releases = discography(art, spec, artist, guests)
        for album, tracks in releases:
            albums.append(album)
            album_tracks[album["id"]] = tracks
    users = []
    for fan in FANS:
        avatar = art.add(f"fans/{fan['id']}.svg", fan["name"], initials(fan["name"]), 300, 300)
        profile = {
            "account_id": base62(22, "spotify:account", fan["id"]),
            "country": fan["country"],
            "display_name": fan["name"],
            "email": f"{fan['id'].replace('_', '.')}@example.com",
            "explicit_content": {"filter_enabled": False, "filter_locked": False},
            "external_urls": {"spotify": f"{SPOTIFY_OPEN}/user/{fan['id']}"},
            "followers": {"href": None, "total": digest(fan["id"]) % 40},
            "href": f"{SPOTIFY_API}/users/{fan['id']}",
            "id": fan["id"],
            "images": spotify_images(avatar, (300, 64)),
            "product": fan["product"],
            "type": "user",
            "uri": f"spotify:user:{fan['id']}",
        }
        users.append(
            {
                "profile": profile,
                "followed_artist_ids": [ids[slug] for slug in fan["follows"]],
                "top_artist_ids": [ids[slug] for slug in fan["top"]],
            }
        )
    catalog = {
        "about": "Fictional demo catalog in Spotify Web API shapes; see build_catalog.py.",
        "artists": artists,
        "albums": albums,
        "album_tracks": album_tracks,
        "users": users,
    }
    return catalog, ids


# --- Ticketmaster --------------------------------------------------------------------------


def classification(spec: dict, with_type: bool) -> dict:
    genre = spec["genre"]
    entry = {
        "primary": True,
        "segment": MUSIC_SEGMENT,
        "genre": {"id": GENRES[genre], "name": genre},
        "subGenre": {
            "id": "KZazBEonSMnZfZ7v" + base62(3, "subgenre", spec["sub"]),
            "name": spec["sub"],
        },
    }
    if with_type:
        kind, sub_kind = TYPES[spec["kind"]]
        entry["type"], entry["subType"] = kind, sub_kind
    entry["family"] = False
    return entry


def build_attraction(art: Art, spec: dict, spotify_ids: dict[str, str], total: int) -> dict:
    tm_id = "K8vZ91" + base62(5, "tm:attraction", spec["slug"])
    record = {
        "name": spec["name"],
        "type": "attraction",
        "id": tm_id,
        "test": False,
        "url": f"https://www.ticketmaster.com/{spec['slug']}-tickets/artist/"
        f"{1_000_000 + digest(spec['slug']) % 8_999_999}",
        "locale": "en-us",
    }
    if spec["spotify"] != "name":
        links = {
            "homepage": [{"url": f"https://{spec['slug']}.example.com/"}],
            "instagram": [{"url": f"https://www.instagram.com/{spec['slug']}.demo/"}],
        }
        if spec["spotify"] == "linked":
            spotify_id = spotify_ids[spec["slug"]]
            url = f"{SPOTIFY_OPEN}/artist/{spotify_id}{spec.get('spotify_query', '')}"
            links["spotify"] = [{"url": url}]
        mbid = f"{digest(spec['slug'], 'mb'):064x}"
        links["musicbrainz"] = [
            {"id": f"{mbid[:8]}-{mbid[8:12]}-4{mbid[13:16]}-8{mbid[17:20]}-{mbid[20:32]}"}
        ]
        record["externalLinks"] = links
    if spec.get("aliases"):
        record["aliases"] = spec["aliases"]
    record["images"] = (
        fallback_images(art)
        if spec["spotify"] == "none"
        else tm_images(art, spec["slug"], spec["name"])
    )
    record["classifications"] = [classification(spec, with_type=True)]
    record["upcomingEvents"] = {"ticketmaster": total, "_total": total, "_filtered": 0}
    record["_links"] = {"self": {"href": f"/discovery/v2/attractions/{tm_id}?locale=en-us"}}
    return record


def build_venue(row: tuple, total: int) -> dict:
    key, name, city, state, (country, code), postal, line1, lat, lon, zone = row
    prefix = "KovZ917A" if code in ("US", "CA", "MX") else "Z198xZ" + code[0]
    venue_id = prefix + base62(12 - len(prefix), "tm:venue", key)
    record = {
        "name": name,
        "type": "venue",
        "id": venue_id,
        "test": False,
        "url": f"https://{TM_DOMAINS[code]}/{slugify(name)}-tickets-{slugify(city)}/venue/"
        f"{100_000 + digest(key) % 899_999}",
        "locale": "en-us",
        "postalCode": postal,
        "timezone": zone,
        "city": {"name": city},
    }
    if state:
        record["state"] = {"name": state[0], "stateCode": state[1]}
    record["country"] = {"name": country, "countryCode": code}
    record["address"] = {"line1": line1}
    record["location"] = {"longitude": lon, "latitude": lat}
    if digest(key, "info") % 3 == 0:
        record["generalInfo"] = {
            "generalRule": "No professional cameras. Bags are searched.",
            "childRule": "Under-14s must be accompanied by an adult.",
        }
    if digest(key, "parking") % 2 == 0:
        record["parkingDetail"] = "Paid parking two blocks away; public transport recommended."
    record["upcomingEvents"] = {"ticketmaster": total, "_total": total, "_filtered": 0}
    record["_links"] = {"self": {"href": f"/discovery/v2/venues/{venue_id}?locale=en-us"}}
    return record


def build_event(index: int, row: tuple, attractions: dict, venues: dict, specs: dict) -> dict:
    slugs, venue_key, offset, clock, extra = row
    venue, head = venues[venue_key], specs[slugs[0]]
    code, zone = venue["country"]["countryCode"], venue["timezone"]
    prefix = {"US": "vvG1", "CA": "vvG1", "MX": "Z7r9jZ1A"}.get(code, "G5v" + code[0])
    event_id = prefix + base62(16 - len(prefix), "tm:event", str(index), venue_key)
    day = ANCHOR_DATE + timedelta(days=offset)
    start = {"localDate": day.isoformat()}
    if clock:
        start["localTime"] = f"{clock}:00"
        start["dateTime"] = local_to_utc(day, clock, zone)
    start.update(dateTBD=False, dateTBA=False, timeTBA=clock is None, noSpecificTime=False)
    dates = {
        "start": start,
        "timezone": zone,
        "status": {"code": extra.get("status", "onsale")},
        "spanMultipleDays": False,
    }
    if "initial" in extra:
        first = ANCHOR_DATE + timedelta(days=extra["initial"])
        dates["initialStartDate"] = {
            "localDate": first.isoformat(),
            "localTime": f"{clock}:00",
            "dateTime": local_to_utc(first, clock, zone),
        }
    sale_start = local_to_utc(day - timedelta(days=120), "10:00", zone)
    sale_end = start.get("dateTime") or local_to_utc(day, "20:00", zone)
    name = extra.get("name") or (
        head["name"] if digest(event_id) % 2 else f"{head['name']}: {head['tour']}"
    )
    city = slugify(venue["city"]["name"])
    record = {
        "name": name,
        "type": "event",
        "id": event_id,
        "test": False,
        "url": f"https://{TM_DOMAINS[code]}/{head['slug']}-{city}-tickets/event/{event_id}",
        "locale": "en-us",
        "images": attractions[slugs[0]]["images"],
        "sales": {
            "public": {
                "startDateTime": sale_start,
                "startTBD": False,
                "startTBA": False,
                "endDateTime": sale_end,
            }
        },
        "dates": dates,
        "classifications": [classification(head, with_type=False)],
    }
    if digest(event_id, "promoter") % 2 == 0:
        record["promoter"] = {
            "id": "4242",
            "name": "LANTERNFISH PRESENTS",
            "description": f"LANTERNFISH PRESENTS / NTL / {code}",
        }
        record["promoters"] = [record["promoter"]]
    if digest(event_id, "prices") % 3 != 0:
        low = 25 + digest(event_id, "low") % 40
        high = low + 20 + digest(event_id, "high") % 90
        if code == "JP":
            low, high = low * 150, high * 150
        currency = CURRENCIES[code]
        record["priceRanges"] = [
            {
                "type": "standard including fees",
                "currency": currency,
                "min": round(low * 1.15, 2),
                "max": round(high * 1.15, 2),
            },
            {"type": "standard", "currency": currency, "min": float(low), "max": float(high)},
        ]
    if extra.get("status") == "cancelled":
        record["info"] = "This event has been cancelled. Refunds go to the original payment."
    elif extra.get("status") == "rescheduled":
        record["pleaseNote"] = "This event has been rescheduled. Tickets remain valid."
    record["ageRestrictions"] = {"legalAgeEnforced": venue_key in ("spreewerk", "foundry")}
    record["_links"] = {
        "self": {"href": f"/discovery/v2/events/{event_id}?locale=en-us"},
        "attractions": [{"href": attractions[s]["_links"]["self"]["href"]} for s in slugs],
        "venues": [{"href": venue["_links"]["self"]["href"]}],
    }
    record["_embedded"] = {"venues": [venue], "attractions": [attractions[s] for s in slugs]}
    return record


def build_ticketmaster(art: Art, spotify_ids: dict[str, str]) -> dict:
    specs = {spec["slug"]: spec for spec in ARTISTS}
    per_artist = {slug: sum(slug in row[0] for row in EVENTS) for slug in specs}
    per_venue = {row[0]: sum(e[1] == row[0] for e in EVENTS) for row in VENUES}
    attractions = {
        slug: build_attraction(art, spec, spotify_ids, per_artist[slug])
        for slug, spec in specs.items()
    }
    venues = {row[0]: build_venue(row, per_venue[row[0]]) for row in VENUES}
    events = [build_event(i, row, attractions, venues, specs) for i, row in enumerate(EVENTS)]
    return {
        "about": "Fictional demo catalog in Ticketmaster Discovery v2 shapes; dates are "
        "stored relative to anchor_date and moved to today by the transport.",
        "anchor_date": ANCHOR_DATE.isoformat(),
        "attractions": list(attractions.values()),
        "venues": list(venues.values()),
        "events": events,
    }


# --- output --------------------------------------------------------------------------------


def build() -> tuple[dict, dict, dict[str, str]]:
    """The Ticketmaster catalog, the Spotify catalog and the SVG files (path -> text)."""
    art = Art()
    spotify, spotify_ids = build_spotify(art)
    ticketmaster = build_ticketmaster(art, spotify_ids)
    return ticketmaster, spotify, art.files


def dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main() -> None:
    ticketmaster, spotify, files = build()
    CATALOG_DIR.mkdir(parents=True, exist_ok=True)
    (CATALOG_DIR / "ticketmaster.json").write_text(dump(ticketmaster), encoding="utf-8")
    (CATALOG_DIR / "spotify.json").write_text(dump(spotify), encoding="utf-8")
    for path, text in sorted(files.items()):
        target = STATIC_DIR / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(
        f"wrote {len(ticketmaster['events'])} events, {len(spotify['artists'])} Spotify "
        f"artists, {len(spotify['albums'])} releases and {len(files)} images"
    )


if __name__ == "__main__":
    main()
