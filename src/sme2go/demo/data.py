"""The Shandong demo as plain data: the SME2GO delegation of March 2027.

Everything here is fictional (companies, people, e-mail addresses on ``example.org``-style
domains); only the programme, the operators, the cities and the story follow the seed
article. :mod:`sme2go.demo.loader` turns these structures into database rows, using the
first element of each record (a name, a title, a username) as its natural key, so the
loader can update rows in place instead of duplicating them.

Regions are referred to by their path (``"China/Shandong/Weifang"``); organisations by
name; users by username.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

D = dt.date
T = dt.time

DEMO_PASSWORD = "sme2go-demo"

SME2GO = "SME2GO"
NORDIC_HEALTH = "Nordic Health Export"

POSINTRA = "Posintra Oy"
VASTERAS = "Västerås Science Park"
TARTU = "Tartu Health Export Centre"

MISSION_TITLE = "SME2GO delegation to Shandong"
MISSION_START = D(2027, 3, 15)
MISSION_END = D(2027, 3, 19)
# The demo shows the programme on the day after the trip: needs recorded on the day they
# were heard, matches reviewed in the evenings and on the way home, one need answered.
DEMO_DAY = D(2027, 3, 20)
TRIP_TIME_ZONE = "Asia/Shanghai"
# Where the advisers work before the trip and after it (Posintra in Kotka).
OFFICE_TIME_ZONE = "Europe/Helsinki"
# Planning of the mission began before the companies' intake assessments (September).
MISSION_PLANNED_ON = D(2026, 9, 1)
# Before the trip: the B2B meetings were requested (one a day from 1 February, each
# answered the next day) and the adviser published the schedule on 1 March.
REQUESTS_FROM = D(2027, 2, 1)
SCHEDULE_PUBLISHED_ON = D(2027, 3, 1)


def on_trip(day: dt.date, time: dt.time) -> dt.datetime:
    """``day`` at ``time`` where the delegation is (the trip's time zone)."""
    return dt.datetime.combine(day, time, tzinfo=ZoneInfo(TRIP_TIME_ZONE))


def at_office(day: dt.date, time: dt.time) -> dt.datetime:
    """``day`` at ``time`` in the advisers' office (before and after the trip)."""
    return dt.datetime.combine(day, time, tzinfo=ZoneInfo(OFFICE_TIME_ZONE))


# Istuin and Hengmu signed their agreement at dinner after their meeting in Zhucheng; the
# adviser recorded it that night with the signed copy, and Posintra's manager confirmed
# it at the office on the day after the trip.
AGREEMENT_SIGNED_ON = D(2027, 3, 17)
AGREEMENT_RECORDED_AT = on_trip(AGREEMENT_SIGNED_ON, T(21, 0))
AGREEMENT_CONFIRMED_AT = at_office(DEMO_DAY, T(10, 0))

# (path, Chinese name, kind, ISO country code). Parents come before children.
REGIONS: tuple[tuple[str, str, str, str], ...] = (
    ("China", "中国", "country", "CN"),
    ("China/Shandong", "山东", "province", ""),
    ("China/Shandong/Qingdao", "青岛", "city", ""),
    ("China/Shandong/Weifang", "潍坊", "city", ""),
    ("China/Shandong/Weifang/Weifang High-Tech Zone", "潍坊高新区", "zone", ""),
    ("China/Shandong/Weifang/Food Valley", "食品谷", "zone", ""),
    ("China/Shandong/Zhucheng", "诸城", "city", ""),
    ("China/Shandong/Rizhao", "日照", "city", ""),
    ("China/Shandong/Rizhao/Rizhao National Forest Park", "日照国家森林公园", "zone", ""),
    (
        "China/Shandong/Rizhao/Rizhao Economic and Technological Development Zone",
        "日照经济技术开发区",
        "zone",
        "",
    ),
    ("Finland", "芬兰", "country", "FI"),
    ("Finland/Kymenlaakso", "屈米河谷区", "province", ""),
    ("Finland/Kymenlaakso/Kotka", "科特卡", "city", ""),
    ("Finland/Helsinki", "赫尔辛基", "city", ""),
    ("Finland/Lahti", "拉赫蒂", "city", ""),
    ("Finland/Seinäjoki", "塞伊奈约基", "city", ""),
    ("Finland/Oulu", "奥卢", "city", ""),
    ("Sweden", "瑞典", "country", "SE"),
    ("Sweden/Västmanland", "西曼兰省", "province", ""),
    ("Sweden/Västmanland/Västerås", "韦斯特罗斯", "city", ""),
    ("Sweden/Stockholm", "斯德哥尔摩", "city", ""),
    ("Sweden/Umeå", "于默奥", "city", ""),
    ("Estonia", "爱沙尼亚", "country", "EE"),
    ("Estonia/Tartu", "塔尔图", "city", ""),
    ("Estonia/Tallinn", "塔林", "city", ""),
)

OPERATORS: tuple[dict, ...] = (
    {
        "name": POSINTRA,
        "region": "Finland/Kymenlaakso/Kotka",
        "sector": "Regional development company",
        "description": (
            "Regional development company of the Kotka–Hamina and Kouvola area. Runs "
            "internationalisation services for SMEs and is the Finnish partner of SME2GO."
        ),
        "website": "https://posintra.example.org",
        "contacts": (("Laura Kivelä", "Programme manager", "laura.kivela@posintra.example.org"),),
    },
    {
        "name": VASTERAS,
        "region": "Sweden/Västmanland/Västerås",
        "sector": "Science park and business incubator",
        "description": (
            "Science park supporting start-ups and SMEs in energy, automation and smart "
            "cities. The Swedish partner of SME2GO."
        ),
        "website": "https://vasteras-sciencepark.example.org",
        "contacts": (("Erik Lindqvist", "Business adviser", "erik.lindqvist@vsp.example.org"),),
    },
    {
        "name": TARTU,
        "region": "Estonia/Tartu",
        "sector": "Health-technology cluster",
        "description": (
            "Cluster organisation helping Estonian health-technology companies export. "
            "Runs the Nordic Health Export programme, which has nothing to do with SME2GO."
        ),
        "website": "https://tartu-health.example.org",
        "contacts": (
            ("Kadri Tamm", "Export programme lead", "kadri.tamm@tartu-health.example.org"),
        ),
    },
)

PROGRAMMES: tuple[dict, ...] = (
    {
        "name": SME2GO,
        "funder": "Interreg Central Baltic",
        "description": (
            "SME2GO improves the competitiveness of Finnish, Swedish and Estonian SMEs with "
            "smart-city solutions by raising their readiness for markets outside the EU: "
            "export-readiness coaching, matching with the needs of host cities, and trade "
            "missions such as the March 2027 delegation to Shandong, China."
        ),
        "start_date": D(2026, 1, 1),
        "end_date": D(2028, 12, 31),
        "partners": (POSINTRA, VASTERAS),
    },
    {
        "name": NORDIC_HEALTH,
        "funder": "Interreg Baltic Sea Region",
        "description": (
            "A small export programme for Estonian health-technology companies, run by "
            "another operator. In the demo it shows that programmes are kept apart: its "
            "users never see SME2GO, and SME2GO users never see it."
        ),
        "start_date": D(2026, 9, 1),
        "end_date": D(2027, 12, 31),
        "partners": (TARTU,),
    },
)

# Companies. "fits" is False for the three that match none of the Shandong needs.
COMPANIES: tuple[dict, ...] = (
    {
        "name": "Kirkasvirta Water Oy",
        "programme": SME2GO,
        "recruited_by": POSINTRA,
        "fits": True,
        "region": "Finland/Kymenlaakso/Kotka",
        "sector": "Waste-water treatment",
        "website": "https://kirkasvirta.example.org",
        "offering": (
            "Kirkasvirta designs and delivers compact biological waste-water treatment plants "
            "for villages, small towns, holiday resorts and industrial sites of 50 to 20 000 "
            "population equivalents. Its containerised sequencing-batch reactors remove "
            "nitrogen and phosphorus to Nordic discharge limits and run unattended, monitored "
            "remotely from a cloud dashboard. The company also reuses treated sludge as "
            "biogas feedstock and fertiliser and trains local operators to run the plants."
        ),
        "domains": ("water", "environment", "waste"),
        "cpv_codes": ("45252100", "45252127", "42996000", "90713100", "90513800"),
        "size_band": "small",
        "home_country": "FI",
        "languages": ("fi", "sv", "en"),
        "target_markets": ("CN", "VN", "IN"),
        "products": (
            (
                "product",
                "KV-Compact SBR plant",
                "Containerised treatment plant for 50–2 000 PE.",
                None,
                "",
            ),
            (
                "product",
                "KV-Sludge biogas module",
                "Sludge thickening and digestion add-on.",
                None,
                "",
            ),
            (
                "reference",
                "Village treatment plant, Pyhtää",
                "Replaced 120 septic tanks with one plant for 900 residents; phosphorus removal above 95 %.",
                2023,
                "Pyhtää, Finland",
            ),
            (
                "reference",
                "Resort plant, Lapland",
                "Seasonal-load plant for a ski resort of 4 000 beds.",
                2024,
                "Levi, Finland",
            ),
        ),
        "certifications": (
            ("ISO 9001:2015", "Bureau Veritas (demo)", D(2028, 6, 30)),
            ("ISO 14001:2015", "Bureau Veritas (demo)", D(2028, 6, 30)),
            ("CE marking, EN 12566-3", "", None),
        ),
        "contacts": (
            (
                "Aino Salmela",
                "Export manager",
                "aino.salmela@kirkasvirta.example.org",
                "fi, en, sv",
            ),
        ),
    },
    {
        "name": "Norrträ Byggsystem AB",
        "programme": SME2GO,
        "recruited_by": VASTERAS,
        "fits": True,
        "region": "Sweden/Umeå",
        "sector": "Wooden-house and CLT construction",
        "website": "https://norrtra.example.org",
        "offering": (
            "Norrträ builds low-rise timber houses, holiday cottages and small hotels from "
            "cross-laminated timber (CLT) and glulam elements prefabricated in its own "
            "factory. Elements are cut to the architect's model, shipped flat-packed and "
            "erected on site in days, which suits remote and nature-tourism sites. The "
            "company offers architectural design, structural and fire engineering for "
            "timber, and training of local builders."
        ),
        "domains": ("buildings", "environment"),
        "cpv_codes": ("44211100", "44211000", "45223810", "45211100", "71220000"),
        "size_band": "medium",
        "home_country": "SE",
        "languages": ("sv", "en"),
        "target_markets": ("CN", "JP", "NO"),
        "products": (
            (
                "product",
                "Norrträ CLT house kit",
                "Prefabricated CLT wall, floor and roof elements.",
                None,
                "",
            ),
            (
                "product",
                "Forest cabin series",
                "Modular 30–80 m² cabins for nature tourism.",
                None,
                "",
            ),
            (
                "reference",
                "Eco-resort cabins, Höga Kusten",
                "24 CLT cabins erected in six weeks in a protected landscape.",
                2022,
                "Höga Kusten, Sweden",
            ),
            (
                "reference",
                "Four-storey student housing, Umeå",
                "CLT residential building with 60 apartments.",
                2024,
                "Umeå, Sweden",
            ),
        ),
        "certifications": (
            ("PEFC chain of custody", "PEFC (demo)", D(2027, 12, 31)),
            ("ISO 9001:2015", "DNV (demo)", D(2028, 3, 31)),
        ),
        "contacts": (
            (
                "Johan Berglöf",
                "Head of international sales",
                "johan.berglof@norrtra.example.org",
                "sv, en",
            ),
        ),
    },
    {
        "name": "Viljava Food Technology Oy",
        "programme": SME2GO,
        "recruited_by": POSINTRA,
        "fits": True,
        "region": "Finland/Seinäjoki",
        "sector": "Food-processing technology",
        "website": "https://viljava.example.org",
        "offering": (
            "Viljava supplies processing lines for vegetables, berries and ready meals: "
            "washing, peeling, blanching, individual quick freezing and packing, with the "
            "installation and commissioning. Its cold-chain monitoring system logs "
            "temperatures from the freezer to the truck and gives food-safety auditors a "
            "batch-level traceability record. Lines are designed for energy recovery, which "
            "cuts the energy use of a freezing line by up to a third."
        ),
        "domains": ("food", "energy", "ict"),
        "cpv_codes": ("42215200", "42210000", "51542100", "42513000", "45213210"),
        "size_band": "medium",
        "home_country": "FI",
        "languages": ("fi", "en", "de"),
        "target_markets": ("CN", "PL", "DE"),
        "products": (
            ("product", "IQF tunnel freezer VF-40", "Individual quick freezer, 4 t/h.", None, ""),
            (
                "product",
                "ColdTrace monitoring",
                "Cold-chain temperature logging and batch traceability.",
                None,
                "",
            ),
            (
                "reference",
                "Berry processing line, Ostrobothnia",
                "Complete washing, sorting and IQF line for a berry cooperative.",
                2021,
                "Seinäjoki, Finland",
            ),
            (
                "reference",
                "Ready-meal plant, Poland",
                "Cooking, chilling and packing line with ColdTrace.",
                2024,
                "Poznań, Poland",
            ),
        ),
        "certifications": (
            ("ISO 22000:2018", "Kiwa (demo)", D(2027, 9, 30)),
            ("CE marking, Machinery Directive", "", None),
        ),
        "contacts": (
            ("Mikko Hautala", "Sales director", "mikko.hautala@viljava.example.org", "fi, en, de"),
        ),
    },
    {
        "name": "Luftkoll Sensors AB",
        "programme": SME2GO,
        "recruited_by": VASTERAS,
        "fits": True,
        "region": "Sweden/Västmanland/Västerås",
        "sector": "Cleantech: air-quality and emissions monitoring",
        "website": "https://luftkoll.example.org",
        "offering": (
            "Luftkoll makes networked air-quality and emissions sensors for cities and "
            "industrial parks: particulate matter, NOx, SO2, ammonia and odour, calibrated "
            "against reference stations. Data go to an open API and a dashboard that shows "
            "sources, trends and permit limits, so a park administration can find the plants "
            "that cause emission peaks. Luftkoll also supplies the sensor modules to "
            "electronics manufacturers who build them into their own smart-city products."
        ),
        "domains": ("environment", "ict", "energy"),
        "cpv_codes": ("38344000", "38433200", "90731400", "35125100", "48614000"),
        "size_band": "small",
        "home_country": "SE",
        "languages": ("sv", "en", "zh"),
        "target_markets": ("CN", "IN", "AE"),
        "products": (
            (
                "product",
                "LK-Air node",
                "Solar-powered multi-pollutant sensor node with LTE-M.",
                None,
                "",
            ),
            (
                "product",
                "LK Emission Insight",
                "Dashboard and API for source attribution.",
                None,
                "",
            ),
            (
                "reference",
                "Industrial park monitoring, Västerås",
                "40 sensor nodes around a district-heating plant and a harbour.",
                2023,
                "Västerås, Sweden",
            ),
        ),
        "certifications": (
            ("ISO 9001:2015", "Intertek (demo)", D(2027, 11, 30)),
            ("CE and RED conformity", "", None),
        ),
        "contacts": (("Sara Holmgren", "CEO", "sara.holmgren@luftkoll.example.org", "sv, en, zh"),),
    },
    {
        "name": "Istuin Design Oy",
        "programme": SME2GO,
        "recruited_by": POSINTRA,
        "fits": True,
        "region": "Finland/Lahti",
        "sector": "Office and contract furniture",
        "website": "https://istuin.example.org",
        "offering": (
            "Istuin designs office and contract furniture for workplaces, schools and public "
            "spaces: stackable chairs, acoustic lounge seating and height-adjustable desks "
            "made of Finnish birch and recycled materials. Design and final assembly stay in "
            "Lahti; seat shells, frames and upholstery come from subcontractors. On the March "
            "2027 mission Istuin signed a cooperation agreement with a chair subcontractor in "
            "Zhucheng to produce seat shells for its contract range and to sell Istuin "
            "designs in China."
        ),
        "domains": ("buildings", "education"),
        "cpv_codes": ("39130000", "39110000", "39113000", "79934000", "39151300"),
        "size_band": "small",
        "home_country": "FI",
        "languages": ("fi", "en", "sv"),
        "target_markets": ("CN", "DE", "GB"),
        "products": (
            ("product", "Koivu stacking chair", "Birch-plywood chair, stacks 12 high.", None, ""),
            (
                "product",
                "Hiljaa acoustic sofa",
                "Lounge seating with sound-absorbing panels.",
                None,
                "",
            ),
            (
                "reference",
                "University library furniture, Tampere",
                "1 200 seats and 300 desks for a new campus library.",
                2023,
                "Tampere, Finland",
            ),
            (
                "reference",
                "Cooperation agreement with Zhucheng Hengmu Seating",
                "Signed during the SME2GO delegation: Hengmu produces Koivu seat shells and "
                "distributes Istuin designs in China.",
                2027,
                "Zhucheng, China",
            ),
        ),
        "certifications": (
            ("EN 16139 (non-domestic seating)", "Eurofins (demo)", None),
            ("FSC chain of custody", "FSC (demo)", D(2028, 1, 31)),
        ),
        "contacts": (
            ("Helmi Korhola", "Managing director", "helmi.korhola@istuin.example.org", "fi, en"),
        ),
    },
    {
        "name": "Värmeflöde Energy AB",
        "programme": SME2GO,
        "recruited_by": VASTERAS,
        "fits": True,
        "region": "Sweden/Västmanland/Västerås",
        "sector": "Smart energy and district-heating optimisation",
        "website": "https://varmeflode.example.org",
        "offering": (
            "Värmeflöde optimises district-heating networks with software and smart meters. "
            "Its forecasting service predicts the heat demand of every substation a day "
            "ahead and lowers supply temperatures where the network allows, which typically "
            "saves 5–10 % of fuel and reduces peak boilers. Energy-efficiency audits of "
            "industrial parks find waste heat that can be fed back into the network."
        ),
        "domains": ("energy", "environment", "ict"),
        "cpv_codes": ("09323000", "71314200", "71314300", "38551000", "48150000"),
        "size_band": "small",
        "home_country": "SE",
        "languages": ("sv", "en", "fi"),
        "target_markets": ("CN", "KR", "UA"),
        "products": (
            (
                "product",
                "FlödeForecast",
                "Day-ahead heat-demand forecasting and control.",
                None,
                "",
            ),
            (
                "product",
                "Substation smart meter VF-M2",
                "Heat meter with remote reading.",
                None,
                "",
            ),
            (
                "reference",
                "Network optimisation, Mälardalen",
                "Supply temperature lowered by 6 °C across a 600 km network.",
                2022,
                "Västerås, Sweden",
            ),
        ),
        "certifications": (("ISO 50001:2018", "RISE (demo)", D(2027, 10, 31)),),
        "contacts": (
            (
                "Oskar Nyberg",
                "Business development",
                "oskar.nyberg@varmeflode.example.org",
                "sv, en, fi",
            ),
        ),
    },
    {
        "name": "Pixelpuffin Games Oy",
        "programme": SME2GO,
        "recruited_by": POSINTRA,
        "fits": False,
        "region": "Finland/Helsinki",
        "sector": "Mobile games",
        "website": "https://pixelpuffin.example.org",
        "offering": (
            "Pixelpuffin develops casual puzzle games for phones and tablets and runs them "
            "as free-to-play live services. The studio is looking for publishers in Asia."
        ),
        "domains": (),
        "cpv_codes": ("72212911",),
        "size_band": "micro",
        "home_country": "FI",
        "languages": ("fi", "en"),
        "target_markets": ("JP", "KR"),
        "products": (("product", "Puffin Puzzle Islands", "Match-three puzzle game.", None, ""),),
        "certifications": (),
        "contacts": (
            ("Ville Rantanen", "Producer", "ville.rantanen@pixelpuffin.example.org", "fi, en"),
        ),
    },
    {
        "name": "Modevåg Consulting AB",
        "programme": SME2GO,
        "recruited_by": VASTERAS,
        "fits": False,
        "region": "Sweden/Stockholm",
        "sector": "Fashion e-commerce consultancy",
        "website": "https://modevag.example.org",
        "offering": (
            "Modevåg helps fashion brands sell online: shop set-up, marketplace listings, "
            "influencer marketing and returns handling for clothing and accessories."
        ),
        "domains": (),
        "cpv_codes": ("79410000", "79342000"),
        "size_band": "micro",
        "home_country": "SE",
        "languages": ("sv", "en"),
        "target_markets": ("US", "GB"),
        "products": (
            ("product", "Marketplace launch package", "Twelve-week launch service.", None, ""),
        ),
        "certifications": (),
        "contacts": (("Ebba Strand", "Founder", "ebba.strand@modevag.example.org", "sv, en"),),
    },
    {
        "name": "Hammasrata Software Oy",
        "programme": SME2GO,
        "recruited_by": POSINTRA,
        "fits": False,
        "region": "Finland/Oulu",
        "sector": "Dental-clinic software",
        "website": "https://hammasrata.example.org",
        "offering": (
            "Hammasrata sells practice-management software for private dental clinics: "
            "appointments, patient records, X-ray archive and invoicing in one web service."
        ),
        "domains": ("health",),
        "cpv_codes": ("48180000", "72212180"),
        "size_band": "small",
        "home_country": "FI",
        "languages": ("fi", "sv", "en"),
        "target_markets": ("SE", "NO"),
        "products": (
            ("product", "Hammasrata Clinic", "Dental practice-management service.", None, ""),
        ),
        "certifications": (("ISO 27001:2022", "Kiwa (demo)", D(2027, 5, 31)),),
        "contacts": (
            ("Tuomas Lehtola", "Sales", "tuomas.lehtola@hammasrata.example.org", "fi, en"),
        ),
    },
    {
        "name": "Pulsiva OÜ",
        "programme": NORDIC_HEALTH,
        "recruited_by": TARTU,
        "fits": False,
        "region": "Estonia/Tallinn",
        "sector": "Remote patient monitoring",
        "website": "https://pulsiva.example.org",
        "offering": (
            "Pulsiva provides remote monitoring of chronic heart patients: a wearable sensor, "
            "a nurse dashboard and alerts integrated with hospital records."
        ),
        "domains": ("health", "ict"),
        "cpv_codes": ("33195000", "48180000"),
        "size_band": "micro",
        "home_country": "EE",
        "languages": ("et", "en", "ru"),
        "target_markets": ("FI", "SE", "NO"),
        "products": (
            ("product", "Pulsiva Heart", "Wearable ECG patch and nurse dashboard.", None, ""),
        ),
        "certifications": (("ISO 13485:2016", "TÜV (demo)", D(2028, 2, 28)),),
        "contacts": (("Mari Kask", "CEO", "mari.kask@pulsiva.example.org", "et, en"),),
    },
)

# Host organisations and counterparts, all enrolled in SME2GO.
HOSTS: tuple[dict, ...] = (
    {
        "name": "Weifang Municipal People's Government",
        "name_zh": "潍坊市人民政府",
        "kind": "host",
        "host_type": "city_government",
        "region": "China/Shandong/Weifang",
        "sector": "City government",
        "description": (
            "Government of Weifang, a prefecture-level city of 9 million people in central "
            "Shandong, known for food processing, machinery and electronics."
        ),
        "contacts": (
            (
                "Wang Lihua",
                "Deputy director, Foreign Affairs Office",
                "wang.lihua@weifang.example.org",
                "zh, en",
            ),
        ),
    },
    {
        "name": "Weifang Food Valley Administration",
        "name_zh": "潍坊食品谷管理委员会",
        "kind": "host",
        "host_type": "development_zone",
        "region": "China/Shandong/Weifang/Food Valley",
        "sector": "Food-industry development zone",
        "description": (
            "Administration of the 120 km² Food Valley development project, which gathers "
            "food processors, cold-chain logistics and food-safety testing in Weifang."
        ),
        "contacts": (
            (
                "Liu Jianguo",
                "Head, Investment Promotion Bureau",
                "liu.jianguo@foodvalley.example.org",
                "zh, en",
            ),
        ),
    },
    {
        "name": "Weifang High-Tech Zone Administrative Committee",
        "name_zh": "潍坊高新技术产业开发区管理委员会",
        "kind": "host",
        "host_type": "development_zone",
        "region": "China/Shandong/Weifang/Weifang High-Tech Zone",
        "sector": "High-technology development zone",
        "description": (
            "National high-tech zone whose electronics and acoustics firms deliver components "
            "and products to international brands such as Samsung, Microsoft, Nokia and LG."
        ),
        "contacts": (
            (
                "Chen Xiaomei",
                "Science and Technology Innovation Bureau",
                "chen.xiaomei@wfhitech.example.org",
                "zh, en",
            ),
        ),
    },
    {
        "name": "Zhucheng Municipal People's Government",
        "name_zh": "诸城市人民政府",
        "kind": "host",
        "host_type": "city_government",
        "region": "China/Shandong/Zhucheng",
        "sector": "City government",
        "description": (
            "Government of Zhucheng, a county-level city under Weifang with a large furniture "
            "and wood-products industry that manufactures for global retailers."
        ),
        "contacts": (("Zhao Min", "Bureau of Commerce", "zhao.min@zhucheng.example.org", "zh"),),
    },
    {
        "name": "Rizhao Municipal People's Government",
        "name_zh": "日照市人民政府",
        "kind": "host",
        "host_type": "city_government",
        "region": "China/Shandong/Rizhao",
        "sector": "City government",
        "description": (
            "Government of the coastal city of Rizhao, which seeks shared development targets "
            "with Nordic cities, among others in waste-water treatment and wooden-house "
            "construction."
        ),
        "contacts": (
            ("Zhang Wei", "Foreign Affairs Office", "zhang.wei@rizhao.example.org", "zh, en"),
            (
                "Sun Hong",
                "Housing and Urban-Rural Development Bureau",
                "sun.hong@rizhao.example.org",
                "zh",
            ),
        ),
    },
    {
        "name": "Zhucheng Hengmu Seating Co., Ltd.",
        "name_zh": "诸城恒木座椅有限公司",
        "kind": "counterpart",
        "host_type": "",
        "region": "China/Shandong/Zhucheng",
        "sector": "Chair manufacturing (subcontractor)",
        "description": (
            "Subcontractor that manufactures wooden and upholstered chairs for a global "
            "home-furnishing retailer; 800 employees, own design office. Signed a cooperation "
            "agreement with Istuin Design Oy during the SME2GO delegation."
        ),
        "contacts": (("Li Qiang", "General manager", "li.qiang@hengmu.example.org", "zh, en"),),
    },
    {
        "name": "Weifang Jinhe Foods Co., Ltd.",
        "name_zh": "潍坊金禾食品有限公司",
        "kind": "counterpart",
        "host_type": "",
        "region": "China/Shandong/Weifang/Food Valley",
        "sector": "Vegetable processing and frozen foods",
        "description": (
            "Food Valley processor of frozen vegetables and ready meals for the domestic and "
            "Japanese markets, planning a new freezing line and cold store."
        ),
        "contacts": (("Gao Yun", "Production director", "gao.yun@jinhe.example.org", "zh"),),
    },
    {
        "name": "Rizhao Linhai Eco-Tourism Development Co., Ltd.",
        "name_zh": "日照林海生态旅游开发有限公司",
        "kind": "counterpart",
        "host_type": "",
        "region": "China/Shandong/Rizhao/Rizhao National Forest Park",
        "sector": "Construction and tourism development",
        "description": (
            "Developer of visitor accommodation around Rizhao National Forest Park, planning "
            "low-rise timber cottages and a small hotel."
        ),
        "contacts": (("Xu Fang", "Project manager", "xu.fang@linhai.example.org", "zh, en"),),
    },
    {
        "name": "Rizhao Qingquan Water Group Co., Ltd.",
        "name_zh": "日照清泉水务集团有限公司",
        "kind": "counterpart",
        "host_type": "",
        "region": "China/Shandong/Rizhao",
        "sector": "Water utility",
        "description": (
            "Municipal water utility running Rizhao's drinking-water and waste-water plants; "
            "responsible for extending treatment to rural towns."
        ),
        "contacts": (("Ma Jun", "Chief engineer", "ma.jun@qingquan.example.org", "zh"),),
    },
)

MISSION: dict = {
    "title": MISSION_TITLE,
    "programme": SME2GO,
    "description": (
        "Five-day networking trip for Finnish and Swedish smart-city SMEs to Weifang (Food "
        "Valley and the High-Tech Zone), Zhucheng and Rizhao: meet local decision-makers and "
        "companies, learn the needs of cities outside the megacities, and find counterparts."
    ),
    "start_date": MISSION_START,
    "end_date": MISSION_END,
    "status": "confirmed",
    "destinations": (
        "China/Shandong/Weifang",
        "China/Shandong/Zhucheng",
        "China/Shandong/Rizhao",
    ),
    "staff": ("posintra", "vasteras"),
}

# One entry per day: city, notes, travel legs, visits.
# Leg: (from, to, mode, departure, minutes, notes). Visit: (organisation, title, place,
# start, end, notes[, attending companies when not the whole delegation]).
ITINERARY: tuple[dict, ...] = (
    {
        "date": D(2027, 3, 15),
        "city": "China/Shandong/Weifang",
        "notes": (
            "The delegation lands at Qingdao Jiaodong International Airport in the morning "
            "(overnight flight from Helsinki) and continues by chartered coach to Weifang."
        ),
        "legs": (
            (
                "China/Shandong/Qingdao",
                "China/Shandong/Weifang",
                "coach",
                T(10, 30),
                150,
                "Chartered coach from the airport",
            ),
        ),
        "visits": (
            (
                "Weifang Municipal People's Government",
                "Welcome meeting with Weifang city officials",
                "Weifang Municipal Government, Foreign Affairs Office",
                T(15, 0),
                T(17, 0),
                "Presentation of SME2GO and the six companies; the city presents its "
                "development plans and district-heating renovation.",
            ),
        ),
    },
    {
        "date": D(2027, 3, 16),
        "city": "China/Shandong/Weifang",
        "notes": "Food Valley in the morning, High-Tech Zone in the afternoon.",
        "legs": (
            (
                "China/Shandong/Weifang",
                "China/Shandong/Weifang/Food Valley",
                "coach",
                T(8, 15),
                40,
                "",
            ),
            (
                "China/Shandong/Weifang/Food Valley",
                "China/Shandong/Weifang/Weifang High-Tech Zone",
                "coach",
                T(14, 45),
                45,
                "",
            ),
        ),
        "visits": (
            (
                "Weifang Food Valley Administration",
                "Food Valley development project and site tour",
                "Food Valley exhibition centre",
                T(9, 0),
                T(11, 30),
                "The 120 km² Food Valley offers openings in food technology and cleantech.",
            ),
            (
                "Weifang Jinhe Foods Co., Ltd.",
                "Factory visit: frozen-vegetable processing",
                "Jinhe Foods plant, Food Valley",
                T(13, 0),
                T(14, 30),
                "Jinhe plans a new freezing line and cold store; Viljava to send a proposal.",
                ("Viljava Food Technology Oy",),
            ),
            (
                "Weifang High-Tech Zone Administrative Committee",
                "Weifang High-Tech Zone briefing",
                "High-Tech Zone service centre",
                T(15, 30),
                T(17, 30),
                "Zone firms supply components and products to Samsung, Microsoft, Nokia and LG.",
                ("Luftkoll Sensors AB", "Värmeflöde Energy AB"),
            ),
        ),
    },
    {
        "date": D(2027, 3, 17),
        "city": "China/Shandong/Zhucheng",
        "notes": "Coach to Zhucheng; furniture industry day.",
        "legs": (
            (
                "China/Shandong/Weifang",
                "China/Shandong/Zhucheng",
                "coach",
                T(8, 0),
                90,
                "",
            ),
        ),
        "visits": (
            (
                "Zhucheng Municipal People's Government",
                "Meeting at the Zhucheng Bureau of Commerce",
                "Zhucheng Municipal Government",
                T(10, 0),
                T(11, 30),
                "",
            ),
            (
                "Zhucheng Hengmu Seating Co., Ltd.",
                "Visit to the chair subcontractor",
                "Hengmu Seating factory, Zhucheng",
                T(13, 30),
                T(16, 30),
                "Cooperation agreement signed between Istuin Design Oy and Hengmu Seating: "
                "seat-shell production for Istuin's contract range and distribution of "
                "Istuin designs in China.",
                ("Istuin Design Oy",),
            ),
        ),
    },
    {
        "date": D(2027, 3, 18),
        "city": "China/Shandong/Rizhao",
        "notes": "Coach to Rizhao; meetings with the city's leaders and the water utility.",
        "legs": (
            (
                "China/Shandong/Zhucheng",
                "China/Shandong/Rizhao",
                "coach",
                T(8, 0),
                100,
                "",
            ),
        ),
        "visits": (
            (
                "Rizhao Municipal People's Government",
                "Meeting with Rizhao city leaders",
                "Rizhao Municipal Government",
                T(10, 30),
                T(12, 30),
                "The city seeks shared development targets: Nordic waste-water treatment and "
                "wooden-house construction. Certificates of honour to Posintra and Västerås "
                "Science Park.",
            ),
            (
                "Rizhao Qingquan Water Group Co., Ltd.",
                "Visit to the Rizhao water utility",
                "Qingquan central waste-water treatment plant",
                T(14, 30),
                T(16, 30),
                "Kirkasvirta and Qingquan agree to continue talks on rural treatment plants.",
                ("Kirkasvirta Water Oy",),
            ),
        ),
    },
    {
        "date": D(2027, 3, 19),
        "city": "China/Shandong/Rizhao",
        "notes": "Forest park in the morning, then coach to Qingdao and the evening flight home.",
        "legs": (
            (
                "China/Shandong/Rizhao",
                "China/Shandong/Rizhao/Rizhao National Forest Park",
                "coach",
                T(8, 30),
                45,
                "",
            ),
            (
                "China/Shandong/Rizhao/Rizhao National Forest Park",
                "China/Shandong/Qingdao",
                "coach",
                T(13, 0),
                180,
                "To Qingdao Jiaodong International Airport",
            ),
            (
                "China/Shandong/Qingdao",
                "Finland/Helsinki",
                "flight",
                T(19, 30),
                780,
                "Via Beijing",
            ),
        ),
        "visits": (
            (
                "Rizhao Linhai Eco-Tourism Development Co., Ltd.",
                "Site visit: timber cottages at the National Forest Park",
                "Rizhao National Forest Park visitor centre",
                T(9, 30),
                T(11, 30),
                "Norrträ presents its forest-cabin series; Linhai asks for a cost estimate.",
                ("Norrträ Byggsystem AB",),
            ),
        ),
    },
)

# Visit titles in other languages, entered by the mission's staff: (English title) ->
# {column: text}.
VISIT_TITLE_TRANSLATIONS: dict[str, dict[str, str]] = {
    "Welcome meeting with Weifang city officials": {
        "title_zh_hans": "与潍坊市领导的欢迎会见",
        "title_fi": "Tervetulotapaaminen Weifangin kaupungin edustajien kanssa",
    },
    "Food Valley development project and site tour": {
        "title_zh_hans": "食品谷开发项目介绍及实地参观",
        "title_fi": "Food Valleyn kehityshanke ja tutustumiskierros",
    },
    "Factory visit: frozen-vegetable processing": {
        "title_zh_hans": "工厂参观：速冻蔬菜加工",
        "title_fi": "Tehdasvierailu: pakastevihannesten jalostus",
    },
    "Weifang High-Tech Zone briefing": {
        "title_zh_hans": "潍坊高新区情况介绍",
        "title_fi": "Weifangin High-Tech Zonen esittely",
    },
    "Meeting at the Zhucheng Bureau of Commerce": {
        "title_zh_hans": "在诸城市商务局会谈",
        "title_fi": "Tapaaminen Zhuchengin kauppavirastossa",
    },
    "Visit to the chair subcontractor": {
        "title_zh_hans": "参观座椅代工企业",
        "title_fi": "Vierailu tuolien alihankkijalla",
    },
    "Meeting with Rizhao city leaders": {
        "title_zh_hans": "与日照市领导会谈",
        "title_fi": "Tapaaminen Rizhaon kaupunginjohdon kanssa",
    },
    "Visit to the Rizhao water utility": {
        "title_zh_hans": "参观日照水务企业",
        "title_fi": "Vierailu Rizhaon vesilaitoksella",
    },
    "Site visit: timber cottages at the National Forest Park": {
        "title_zh_hans": "实地考察：国家森林公园木屋项目",
        "title_fi": "Kohdekäynti: puumökit kansallismetsäpuistossa",
    },
}

NEEDS: tuple[dict, ...] = (
    {
        "title": "Waste-water treatment for rural villages and small towns",
        # Translations the programme's staff entered (never machine translation).
        "translations": {
            "title_zh_hans": "农村及小城镇污水处理",
            "description_zh_hans": "日照希望引进北欧分散式污水处理技术，服务于人口500至2万的农村和小城镇——这些地方接入中心污水厂的管网成本过高。处理设施须能脱氮除磷、所需人员少、可远程监控；污泥处置也在需求范围之内。",
            "title_fi": "Jätevedenpuhdistus maaseutukyliin ja pikkukaupunkeihin",
            "description_fi": "Rizhao etsii pohjoismaista tekniikkaa hajautettuun jätevedenpuhdistukseen 500–20 000 asukkaan kylissä ja pikkukaupungeissa, joissa viemäriliitos keskuspuhdistamoon tulee liian kalliiksi. Laitosten on poistettava typpi ja fosfori, toimittava vähällä henkilöstöllä ja oltava etävalvottavissa; myös lietteen käsittely kuuluu tarpeeseen.",
        },
        "host": "Rizhao Municipal People's Government",
        "stated_by": "Rizhao Housing and Urban-Rural Development Bureau",
        "recorded_by": "posintra",
        "region": "China/Shandong/Rizhao",
        "heard_on": D(2027, 3, 18),
        "language": "en",
        "description": (
            "Rizhao wants Nordic technology for decentralised waste-water treatment in rural "
            "villages and small towns of 500–20 000 inhabitants, where sewer connections to "
            "the central plant are too costly. Plants must remove nitrogen and phosphorus, run "
            "with little staff and be monitored remotely; sludge handling is part of the need."
        ),
        "domains": ("water", "environment"),
        "cpv_codes": ("45252100", "45252127", "42996000", "90713100"),
        "required_languages": (),
        "status": "open",
    },
    {
        "title": "Low-rise timber buildings near Rizhao National Forest Park",
        # Translations the programme's staff entered (never machine translation).
        "translations": {
            "title_zh_hans": "日照国家森林公园周边低层木结构建筑",
            "description_zh_hans": "在森林公园周边建设低层住宅和旅游建筑：预制木结构或CLT木屋及小型酒店，要求碳足迹低、建造快、设计与景观协调。市政府希望合作方同时能够培训本地施工人员。",
            "title_fi": "Matalia puurakennuksia Rizhaon kansallismetsäpuiston lähelle",
            "description_fi": "Puurakentamista metsäpuiston ympäristön mataliin asuin- ja matkailurakennuksiin: elementtipuu- tai CLT-mökkejä ja pieniä hotelleja, joiden hiilijalanjälki on pieni, pystytys nopea ja muotoilu maisemaan sopiva. Kaupunki toivoo kumppaneita, jotka voivat myös kouluttaa paikallisia rakentajia.",
        },
        "host": "Rizhao Municipal People's Government",
        "stated_by": "Rizhao Natural Resources and Planning Bureau",
        "recorded_by": "vasteras",
        "region": "China/Shandong/Rizhao/Rizhao National Forest Park",
        "heard_on": D(2027, 3, 18),
        "language": "en",
        "description": (
            "Wooden-house construction for low-rise residential and tourism buildings around "
            "the forest park: prefabricated timber or CLT cottages and small hotels with low "
            "carbon footprint, fast erection and designs that fit the landscape. The city asks "
            "for partners who can also train local builders."
        ),
        "domains": ("buildings", "environment"),
        "cpv_codes": ("44211100", "44211000", "45211100", "71220000"),
        "required_languages": (),
        "status": "open",
    },
    {
        "title": "Food-processing, cold-chain and food-safety technology",
        # Translations the programme's staff entered (never machine translation).
        "translations": {
            "title_zh_hans": "食品加工、冷链及食品安全技术",
            "description_zh_hans": "食品谷的加工企业正在寻找蔬菜和预制菜加工生产线、速冻及冷库技术，以及能满足出口食品安全审核要求、可追溯的冷链温度监控方案。",
            "title_fi": "Elintarvikkeiden jalostus-, kylmäketju- ja elintarviketurvallisuustekniikka",
            "description_fi": "Food Valleyn jalostajat etsivät vihannesten ja valmisruokien jalostuslinjoja, pikapakastus- ja kylmävarastotekniikkaa sekä kylmäketjun lämpötilanseurantaa, jonka jäljitettävyys kestää vientiä koskevat elintarviketurvallisuusauditoinnit.",
        },
        "host": "Weifang Food Valley Administration",
        "stated_by": "Food Valley Investment Promotion Bureau",
        "recorded_by": "posintra",
        "region": "China/Shandong/Weifang/Food Valley",
        "heard_on": D(2027, 3, 16),
        "language": "en",
        "description": (
            "Food Valley processors look for processing lines for vegetables and ready meals, "
            "quick freezing and cold-storage technology, and cold-chain temperature monitoring "
            "with traceability that satisfies export food-safety audits."
        ),
        "domains": ("food", "ict"),
        "cpv_codes": ("42215200", "42210000", "42513000", "45213210"),
        "required_languages": (),
        "status": "matching",
    },
    {
        "title": "Energy efficiency and emissions monitoring in food-industry parks",
        # Translations the programme's staff entered (never machine translation).
        "translations": {
            "title_zh_hans": "食品产业园区的能效提升与排放监测",
            "description_zh_hans": "为食品谷园区引进清洁技术：监测食品企业的废气和异味排放，查明峰值来源；通过能源审计和余热回收，降低速冻、蒸煮和烘干环节的能耗。",
            "title_fi": "Energiatehokkuus ja päästöjen seuranta elintarviketeollisuuden puistoissa",
            "description_fi": "Cleantechiä Food Valleyn teollisuuspuistoihin: elintarvikelaitosten ilmapäästöjen ja hajujen mittaus, huippujen lähteiden paikantaminen sekä pakastuksen, keiton ja kuivauksen energiankulutuksen vähentäminen energiakatselmusten ja hukkalämmön talteenoton avulla.",
        },
        "host": "Weifang Food Valley Administration",
        "stated_by": "Food Valley Environmental Protection Office",
        "recorded_by": "vasteras",
        "region": "China/Shandong/Weifang/Food Valley",
        "heard_on": D(2027, 3, 16),
        "language": "en",
        "description": (
            "Cleantech for the Food Valley parks: measure air emissions and odour from food "
            "plants, find the sources of peaks, and cut the energy use of freezing, cooking "
            "and drying through energy audits and waste-heat recovery."
        ),
        "domains": ("environment", "energy"),
        "cpv_codes": ("38344000", "90731400", "71314300"),
        "required_languages": (),
        "status": "open",
    },
    {
        "title": "Smart-city sensor and IoT partners for electronics suppliers",
        # Translations the programme's staff entered (never machine translation).
        "translations": {
            "title_zh_hans": "为电子配套企业寻找智慧城市传感器与物联网合作伙伴",
            "description_zh_hans": "高新区内为国际电子品牌生产零部件的企业，希望与拥有智慧城市传感器和物联网产品的欧洲企业合作，由本地企业代工生产或进行系统集成：环境传感器、计量表具及其数据平台。",
            "title_fi": "Älykaupungin anturi- ja IoT-kumppaneita elektroniikka-alan alihankkijoille",
        },
        "host": "Weifang High-Tech Zone Administrative Committee",
        "stated_by": "High-Tech Zone Science and Technology Innovation Bureau",
        "recorded_by": "vasteras",
        "region": "China/Shandong/Weifang/Weifang High-Tech Zone",
        "heard_on": D(2027, 3, 16),
        "language": "en",
        "description": (
            "Zone firms that make components for international electronics brands want "
            "European partners with smart-city sensor and IoT products they could "
            "manufacture or integrate: environmental sensors, meters and their data platforms."
        ),
        "domains": ("ict", "environment"),
        "cpv_codes": ("35125100", "31711100", "48614000"),
        "required_languages": ("en",),
        "status": "open",
    },
    {
        "title": "Furniture and wooden-product design partners",
        # Translations the programme's staff entered (never machine translation).
        "translations": {
            "title_zh_hans": "家具及木制品设计合作伙伴",
            "description_zh_hans": "诸城的家具企业长期为全球零售商代工，现希望与北欧设计师和品牌合作，开发自有家具和木制品，并向本地工厂下生产订单。",
            "title_fi": "Huonekalu- ja puutuotemuotoilun kumppaneita",
            "description_fi": "Zhuchengin huonekaluvalmistajat, jotka valmistavat tuotteita maailmanlaajuisille jälleenmyyjille, etsivät pohjoismaisia muotoilukumppaneita ja brändejä omien huonekalujen ja puutuotteiden kehittämiseen ja tuotantotilauksiin paikallisilta tehtailta.",
        },
        "host": "Zhucheng Municipal People's Government",
        "stated_by": "Zhucheng Bureau of Commerce",
        "recorded_by": "posintra",
        "region": "China/Shandong/Zhucheng",
        "heard_on": D(2027, 3, 17),
        "language": "en",
        "description": (
            "Zhucheng's furniture makers, who manufacture for global retailers, want Nordic "
            "design partners and brands to develop their own furniture and wooden products "
            "and to place production orders with local factories."
        ),
        "domains": ("buildings",),
        "cpv_codes": ("79934000", "39110000", "39130000"),
        "required_languages": (),
        "status": "answered",
        "answered_by": "Istuin Design Oy",
        "answer": (
            "Cooperation agreement signed with Zhucheng Hengmu Seating on 17 March 2027: "
            "Hengmu produces the seat shells of Istuin's contract range and distributes "
            "Istuin designs in China."
        ),
    },
    {
        # Heard in Chinese: the description is the Commission's own text; the adviser
        # titled it in English and translated the description. No Chinese title was
        # entered, so the Chinese UI shows the English one, marked as English.
        "title": "Energy saving in the Weifang district-heating network",
        "translations": {
            "title_fi": "Energiansäästö Weifangin kaukolämpöverkossa",
            "description_en": (
                "Weifang plans to renovate the city's district-heating network for energy "
                "saving: heat-load forecasting, smart metering and remote control of the "
                "substations, lower supply temperatures and less coal, and recovery of "
                "waste heat from the industrial parks. Nordic companies are welcome to "
                "bring technology and operating experience."
            ),
        },
        "host": "Weifang Municipal People's Government",
        "stated_by": "Weifang Municipal Development and Reform Commission",
        "recorded_by": "vasteras",
        "region": "China/Shandong/Weifang",
        "heard_on": D(2027, 3, 15),
        "language": "zh-hans",
        "description": (
            "潍坊市计划对城市集中供热管网进行节能改造：需要热负荷预测、换热站智能计量与远程控制，"
            "降低供水温度和燃煤消耗，并对工业园区余热进行回收利用。欢迎北欧企业提供技术和运营经验。"
        ),
        "domains": ("energy", "environment"),
        "cpv_codes": ("09323000", "71314200", "38551000"),
        "required_languages": (),
        "status": "open",
    },
)

WASTE_WATER = "Waste-water treatment for rural villages and small towns"
TIMBER = "Low-rise timber buildings near Rizhao National Forest Park"
FOOD = "Food-processing, cold-chain and food-safety technology"
FOOD_ENERGY = "Energy efficiency and emissions monitoring in food-industry parks"
SENSORS = "Smart-city sensor and IoT partners for electronics suppliers"
FURNITURE = "Furniture and wooden-product design partners"
HEATING = "Energy saving in the Weifang district-heating network"

# The advisers' review of the engine's proposals: (need title, company, decision, reason,
# adviser's username, when, in the trip's time zone). Decisions not listed stay proposed.
DT = dt.datetime
MATCH_DECISIONS: tuple[tuple[str, str, str, str, str, dt.datetime], ...] = (
    (
        FURNITURE,
        "Istuin Design Oy",
        "approved",
        "Istuin designs contract chairs and looks for a production partner in China.",
        "posintra",
        DT(2027, 3, 17, 20, 30),
    ),
    (
        FURNITURE,
        "Luftkoll Sensors AB",
        "rejected",
        "Luftkoll makes air-quality sensors, not furniture.",
        "posintra",
        DT(2027, 3, 17, 20, 35),
    ),
    (
        WASTE_WATER,
        "Kirkasvirta Water Oy",
        "approved",
        "Kirkasvirta's compact plants are built for villages of this size; Qingquan wants "
        "to continue talks.",
        "posintra",
        DT(2027, 3, 18, 20, 0),
    ),
    (
        WASTE_WATER,
        "Norrträ Byggsystem AB",
        "rejected",
        "Norrträ builds timber houses, not treatment plants; the overlap is only "
        "prefabricated construction.",
        "posintra",
        DT(2027, 3, 18, 20, 5),
    ),
    (
        WASTE_WATER,
        "Viljava Food Technology Oy",
        "rejected",
        "Viljava's cold stores are not waste-water plants.",
        "posintra",
        DT(2027, 3, 18, 20, 6),
    ),
    (
        TIMBER,
        "Norrträ Byggsystem AB",
        "approved",
        "Norrträ's CLT cottages are what the forest park plans; Linhai asked for a cost estimate.",
        "vasteras",
        DT(2027, 3, 19, 12, 0),
    ),
    (
        TIMBER,
        "Kirkasvirta Water Oy",
        "rejected",
        "Kirkasvirta builds treatment plants, not buildings; the shared words are incidental.",
        "vasteras",
        DT(2027, 3, 19, 12, 5),
    ),
    (
        TIMBER,
        "Istuin Design Oy",
        "rejected",
        "Istuin designs furniture, not buildings; it answers Zhucheng's furniture need.",
        "vasteras",
        DT(2027, 3, 19, 12, 6),
    ),
    (
        FOOD,
        "Viljava Food Technology Oy",
        "approved",
        "Viljava supplies exactly these lines; Jinhe Foods expects its proposal.",
        "posintra",
        DT(2027, 3, 16, 21, 0),
    ),
    (
        FOOD,
        "Värmeflöde Energy AB",
        "rejected",
        "Värmeflöde audits energy use; Food Valley's processors asked for processing lines.",
        "posintra",
        DT(2027, 3, 16, 21, 5),
    ),
    (
        FOOD_ENERGY,
        "Luftkoll Sensors AB",
        "approved",
        "Luftkoll's emission and odour sensors answer the first half of the need.",
        "vasteras",
        DT(2027, 3, 16, 21, 30),
    ),
    (
        FOOD_ENERGY,
        "Värmeflöde Energy AB",
        "approved",
        "Värmeflöde's energy audits and waste-heat recovery answer the second half.",
        "vasteras",
        DT(2027, 3, 16, 21, 35),
    ),
    (
        SENSORS,
        "Luftkoll Sensors AB",
        "approved",
        "Luftkoll already sells sensor modules to electronics manufacturers.",
        "vasteras",
        DT(2027, 3, 16, 22, 0),
    ),
    (
        SENSORS,
        "Modevåg Consulting AB",
        "rejected",
        "A fashion e-commerce consultancy; it has nothing to offer electronics suppliers.",
        "vasteras",
        DT(2027, 3, 16, 22, 5),
    ),
    (
        HEATING,
        "Värmeflöde Energy AB",
        "approved",
        "Värmeflöde optimises district-heating networks; the city asked for exactly this.",
        "vasteras",
        DT(2027, 3, 15, 21, 0),
    ),
)

# (username, first name, last name, organisation or None for the superuser, role,
# what the login shows in the demo).
USERS: tuple[tuple[str, str, str, str | None, str, str], ...] = (
    (
        "posintra",
        "Laura",
        "Kivelä",
        POSINTRA,
        "manager",
        "Operator manager: all of SME2GO; changes the companies Posintra recruited",
    ),
    (
        "vasteras",
        "Erik",
        "Lindqvist",
        VASTERAS,
        "adviser",
        "Operator adviser: all of SME2GO; changes the companies Västerås recruited",
    ),
    (
        "aqua",
        "Aino",
        "Salmela",
        "Kirkasvirta Water Oy",
        "manager",
        "Company user: the Kirkasvirta profile and the Shandong mission",
    ),
    (
        "rizhao",
        "Wei",
        "Zhang",
        "Rizhao Municipal People's Government",
        "member",
        "Host user: Rizhao's organisation, its needs and the mission visiting it",
    ),
    (
        "nordichealth",
        "Kadri",
        "Tamm",
        TARTU,
        "manager",
        "Operator of Nordic Health Export only: sees nothing of SME2GO",
    ),
    ("admin", "Demo", "Administrator", None, "superuser", "Everything, and the Django admin"),
)
