"""Write the matching development set: companies.csv, needs.csv, qrels.csv.

Run from the repository root (deterministic; rewrites the three CSVs beside this file)::

    .venv/bin/python tests/data/matching/make_devset.py

Every company and need is fictional. The set imitates the evaluation the engine is built
for: a need is a procurement-style description from a city, zone or agency; a company
profile is text about the company's *other* work (references, products, past projects),
so the two rarely share exact wording.

How it is written: each sub-topic below has a pool of hand-written reference sentences
and one or two hand-written needs. A company takes three or four sentences from its main
sub-topic, sometimes one from a neighbouring sub-topic (its side line), plus a sentence
about itself. A few companies are hand-written whole (in Finnish, Swedish or Chinese), and
some fit no need at all.

How it is judged: for a need of sub-topic S, a company whose main sub-topic is S is
relevance 2, a company with S as side line is 1; extra judgements listed in
``EXTRA_QRELS`` were made by reading the texts (e.g. a hand-written Finnish company that
fits a need). Everything else is unjudged, i.e. 0.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent

CITIES = {
    "FI": [
        "Tampere",
        "Oulu",
        "Turku",
        "Espoo",
        "Vantaa",
        "Lahti",
        "Kuopio",
        "Jyväskylä",
        "Porvoo",
        "Vaasa",
    ],
    "SE": [
        "Västerås",
        "Uppsala",
        "Linköping",
        "Örebro",
        "Umeå",
        "Gävle",
        "Norrköping",
        "Luleå",
        "Borås",
    ],
    "EE": ["Tartu", "Pärnu", "Narva", "Rakvere", "Viljandi"],
    "LV": ["Riga", "Jelgava", "Liepāja"],
    "LT": ["Kaunas", "Klaipėda", "Šiauliai"],
}
LEGAL = {"FI": "Oy", "SE": "AB", "EE": "OÜ", "LV": "SIA", "LT": "UAB"}
LANGS = {"FI": "fi;en;sv", "SE": "sv;en", "EE": "et;en;ru", "LV": "lv;en;ru", "LT": "lt;en"}

# key: (domain, cpv codes, company name stems, reference sentences, neighbours)
TOPICS: dict[str, dict] = {
    "ww_treatment": {
        "domain": "water",
        "cpv": "45252127;90480000",
        "names": [
            "Aquaclear",
            "Puhdas Vesi",
            "Renvatten",
            "Biofiltra",
            "Nordic Sludge",
            "Klaarvesi",
        ],
        "sents": [
            "Delivered a biological nutrient removal upgrade for the {city} municipal sewage treatment plant, cutting total nitrogen below 10 mg/l.",
            "Our moving-bed biofilm reactors (MBBR) have been retrofitted into {n} small wastewater plants serving 2,000 to 40,000 population equivalents.",
            "Designed and commissioned a membrane bioreactor for a dairy's process effluent, with treated water reused for washing.",
            "We supply sludge dewatering screw presses and sludge drying lines for municipal treatment works.",
            "Operated the activated sludge process of the {city} regional waste water works under a five-year operation and maintenance contract.",
            "Phosphorus precipitation and tertiary filtration packages for rural sewage works discharging into sensitive lakes.",
            "Containerised treatment units for villages and construction camps that are not connected to the sewer network.",
            "Anaerobic digestion of sewage sludge with biogas recovery at the {city} treatment centre.",
        ],
        "needs": [
            (
                "Upgrade of municipal sewage treatment plant",
                "The Rizhao municipal water bureau plans to upgrade a 60,000 m3/day sewage treatment plant to meet Class 1A discharge standards. We seek suppliers of nitrogen and phosphorus removal technology, sludge treatment and operator training.",
                "CN",
                "water",
                "45252127",
            ),
            (
                "Decentralised wastewater treatment for villages",
                "Supply and installation of compact wastewater treatment units for 35 rural villages without sewer connections, including remote monitoring of the units and maintenance for three years.",
                "CN",
                "",
                "",
            ),
        ],
        "near": ["water_networks", "water_monitoring"],
    },
    "water_networks": {
        "domain": "water",
        "cpv": "45232150;65110000",
        "names": ["Vesiverkko", "Pipeline Nord", "Rörbyte", "Leak Finder", "Hydronet"],
        "sents": [
            "Acoustic leak detection surveys of {n} km of drinking water mains for the {city} water utility, reducing non-revenue water by 18 %.",
            "Trenchless relining of ageing cast-iron water pipes and sewers without digging up streets.",
            "District metered areas and pressure management for water distribution networks.",
            "Our hydraulic models of the {city} supply network guide the replacement programme of water mains.",
            "Smart water meters with remote reading installed in {n} households and apartment buildings.",
            "Pumping station renovation and automation for a regional water supply company.",
        ],
        "needs": [
            (
                "Reduction of water losses in the distribution network",
                "The city water company wants to reduce leakage in its drinking water distribution network (about 1,200 km of pipes). Services required: leak detection, pressure zoning, smart metering and pipe rehabilitation planning.",
                "CN",
                "water",
                "65110000",
            ),
        ],
        "near": ["ww_treatment", "water_monitoring"],
    },
    "water_monitoring": {
        "domain": "water",
        "cpv": "90733000;38431000",
        "names": ["Limnos", "Vattenkoll", "Sensaqua", "Järvi Data"],
        "sents": [
            "Online water quality buoys measuring turbidity, oxygen, algae and nutrients in lakes around {city}.",
            "Real-time monitoring of bathing water and blue-green algae blooms with automatic warnings to the public.",
            "Laboratory-grade sensors for chemical oxygen demand and ammonium at treatment plant inlets.",
            "Data platform collecting river and lake water quality measurements for the environment authority.",
            "Early warning of contamination in drinking water reservoirs using spectral sensors.",
        ],
        "needs": [
            (
                "Water quality monitoring system for rivers and reservoirs",
                "Procurement of an automatic water quality monitoring network for two rivers and the drinking water reservoir: online sensors for turbidity, dissolved oxygen, nutrients and algae, data transmission and an alarm platform.",
                "CN",
                "water;environment",
                "90733000",
            ),
        ],
        "near": ["air_quality", "ww_treatment"],
    },
    "stormwater": {
        "domain": "water",
        "cpv": "45246000;45232000",
        "names": ["Hulevesi", "Dagvatten Design", "Rainscape", "Tulvakilpi"],
        "sents": [
            "Designed green roofs, rain gardens and retention basins for a new district in {city} so that storm water is handled on site.",
            "Flood risk mapping and urban storm water modelling for coastal towns.",
            "Permeable paving and biofiltration swales along streets to slow down runoff.",
            "Mobile flood barriers deployed during spring floods on the river in {city}.",
            "Climate adaptation plans for cloudburst management in dense city centres.",
        ],
        "needs": [
            (
                "Sponge city storm water management",
                "The new district of 4 km² is a pilot sponge city. We need planning and construction of rain gardens, permeable pavements, retention ponds and flood risk modelling for heavy rainfall.",
                "CN",
                "water",
                "45246000",
            ),
        ],
        "near": ["water_networks", "greening"],
    },
    "waste_collection": {
        "domain": "waste",
        "cpv": "90510000;90514000",
        "names": ["Smartbin", "Sopu", "Avfallsdata", "Fill Level", "Keräys"],
        "sents": [
            "Fill-level sensors in {n} underground waste containers let the {city} collection company plan routes only to full bins.",
            "Route optimisation software for municipal refuse collection trucks cut driving by a quarter.",
            "Deep collection containers for mixed waste, biowaste, cardboard, glass and metal in residential blocks.",
            "Pay-as-you-throw billing with RFID-tagged bins for households.",
            "Sorting guidance app and campaigns that raised separate collection of biowaste in {city}.",
        ],
        "needs": [
            (
                "Smart waste collection and sorting",
                "The district needs an intelligent household waste sorting and collection system: sensor-equipped containers, optimised collection routes, resident sorting guidance and a management platform.",
                "CN",
                "waste",
                "90510000",
            ),
            (
                "智慧垃圾分类收运系统",
                "日照市希望建设生活垃圾分类智能回收系统，包括满溢传感器、收运路线优化和居民分类引导。",
                "CN",
                "waste",
                "",
            ),
        ],
        "near": ["recycling", "biowaste"],
    },
    "recycling": {
        "domain": "waste",
        "cpv": "42914000;90514000",
        "names": ["Kierto", "Circulus", "Återvinn", "Plastloop", "Metsä Kiertotalous"],
        "sents": [
            "Near-infrared sorting lines that separate plastic packaging into polymer fractions.",
            "Recycling of construction and demolition waste into crushed aggregate for road building in {city}.",
            "Mechanical recycling of agricultural films and fishing nets into new granulate.",
            "Textile waste collection and fibre-to-fibre recycling pilots with retailers.",
            "Material flow analyses and circular economy roadmaps for industrial parks.",
            "Battery and electronic waste dismantling with recovery of critical metals.",
        ],
        "needs": [
            (
                "Plastic waste recycling plant",
                "The industrial park invites proposals for a plastic waste recycling facility: automatic sorting of mixed plastic packaging, washing and regranulation, 20,000 tonnes per year.",
                "CN",
                "waste",
                "42914000",
            ),
            (
                "Circular economy industrial park",
                "Consulting on circular economy for an industrial park: material flow analysis, industrial symbiosis between companies, recycling of by-products and construction waste.",
                "CN",
                "",
                "",
            ),
        ],
        "near": ["waste_collection", "biowaste"],
    },
    "biowaste": {
        "domain": "waste",
        "cpv": "77120000;45253800",
        "names": ["Komposti", "Biogasum", "Mullrik", "Digesta"],
        "sents": [
            "Biogas plant processing {n} tonnes of separately collected biowaste and manure per year, with digestate used as fertiliser.",
            "In-vessel composting drums for institutional kitchens, schools and hospitals.",
            "Food waste pre-treatment lines that remove packaging before anaerobic digestion.",
            "Upgrading biogas to vehicle fuel quality for city buses in {city}.",
            "Composting field operation and quality control of compost products.",
        ],
        "needs": [
            (
                "Kitchen waste treatment and biogas",
                "Treatment of 200 tonnes per day of restaurant and household kitchen waste: pre-treatment, anaerobic digestion, biogas utilisation and digestate handling.",
                "CN",
                "waste;energy",
                "77120000",
            ),
        ],
        "near": ["recycling", "renewables"],
    },
    "district_heating": {
        "domain": "energy",
        "cpv": "09323000;42511110",
        "names": ["Kaukolämpö", "Fjärrvärme Teknik", "Heatflow", "Lämpöverkko", "Thermonet"],
        "sents": [
            "Large heat pumps recovering waste heat from sewage and data centres into the {city} district heating network.",
            "Optimisation software forecasting heat demand and scheduling boilers and heat storage.",
            "Pre-insulated district heating pipes and substation packages for apartment buildings.",
            "Conversion of a coal-fired heating plant to wood chips and heat pumps.",
            "Seasonal thermal energy storage in rock caverns for a municipal energy company.",
            "Low-temperature district heating for a new housing area with {n} homes.",
        ],
        "needs": [
            (
                "Clean heating to replace coal boilers",
                "The city plans to replace small coal-fired heating boilers in residential areas with clean heating: district heating extension, industrial waste heat recovery and large heat pumps.",
                "CN",
                "energy",
                "09323000",
            ),
        ],
        "near": ["building_energy", "renewables"],
    },
    "building_energy": {
        "domain": "energy",
        "cpv": "45331000;45453000",
        "names": ["Energiakoti", "Byggeffekt", "Ecorenova", "Smartvent"],
        "sents": [
            "Energy renovation of {n} concrete apartment blocks from the 1970s: facade insulation, new windows and heat recovery ventilation.",
            "Building automation and remote monitoring of heating and ventilation in schools and day-care centres.",
            "Energy audits of public buildings with measured savings guaranteed by energy performance contracts.",
            "Ground-source heat pumps and solar panels for detached houses and small offices.",
            "Demand-controlled ventilation that reduced the electricity use of the {city} city hall by a third.",
        ],
        "needs": [
            (
                "Energy-saving renovation of public buildings",
                "Energy efficiency retrofit of 40 schools and hospitals: energy audits, insulation, heating and ventilation upgrades, building automation and energy management under an energy performance contract.",
                "CN",
                "energy;buildings",
                "45453000",
            ),
        ],
        "near": ["district_heating", "wood_houses"],
    },
    "renewables": {
        "domain": "energy",
        "cpv": "09331200;09310000",
        "names": ["Aurinkovoima", "Solstråle", "Windmark", "Gridflex"],
        "sents": [
            "Rooftop solar power plants on logistics warehouses totalling {n} MW in the Baltics.",
            "Battery storage and microgrid control for an island community.",
            "Wind measurement campaigns and energy yield assessments for onshore wind parks.",
            "Solar carports with integrated EV chargers for shopping centres.",
            "Virtual power plant aggregating flexible loads for the electricity reserve market.",
        ],
        "needs": [
            (
                "Distributed solar power and energy storage",
                "Rooftop photovoltaic installations on public and industrial buildings of the high-tech zone, combined with battery storage and a microgrid energy management system.",
                "CN",
                "energy",
                "09331200",
            ),
        ],
        "near": ["ev_charging", "district_heating"],
    },
    "ev_charging": {
        "domain": "mobility",
        "cpv": "31158100;34144900",
        "names": ["Latausasema", "Chargepoint Nord", "Volt Parking", "Ladda"],
        "sents": [
            "Installed and operate {n} public charging points for electric cars in {city}, including fast chargers along highways.",
            "Load management for charging stations in housing companies so that the grid connection need not be upgraded.",
            "Depot charging of electric buses with pantographs and smart scheduling.",
            "Charging management software with roaming, payments and energy reporting.",
        ],
        "needs": [
            (
                "Charging infrastructure for electric vehicles",
                "The city will build 500 public charging piles for new-energy vehicles in residential areas and parking lots, with a charging management platform and payment.",
                "CN",
                "mobility;energy",
                "31158100",
            ),
        ],
        "near": ["public_transport", "renewables"],
    },
    "public_transport": {
        "domain": "mobility",
        "cpv": "34121000;48000000",
        "names": ["Linjadata", "Kollektiv IT", "Busplan", "Transitly", "Matkaketju"],
        "sents": [
            "Real-time passenger information displays and journey planner for the regional bus network of {city}.",
            "Demand-responsive minibus service booked by app in sparsely populated areas.",
            "Mobile ticketing and open payment with bank cards on {n} buses.",
            "Network planning and timetable optimisation for urban bus lines after a tram opening.",
            "Mobility as a service app combining public transport, city bikes and taxis.",
        ],
        "needs": [
            (
                "Intelligent public transport system",
                "Upgrade of the bus system: real-time passenger information at stops, mobile payment, network and timetable optimisation, and an on-demand bus service for suburbs.",
                "CN",
                "mobility",
                "48000000",
            ),
        ],
        "near": ["traffic", "ev_charging"],
    },
    "traffic": {
        "domain": "mobility",
        "cpv": "34923000;63712000",
        "names": ["Liikennevalo", "Trafiksmart", "Crossflow", "Parkly"],
        "sents": [
            "Adaptive traffic signal control at {n} intersections reduced waiting times for buses and cyclists.",
            "Camera-based traffic counting and origin-destination analysis for city planning.",
            "Smart parking guidance with occupancy sensors and an app for finding free spaces.",
            "Road weather stations and winter maintenance decision support for the road authority.",
            "Cycling infrastructure planning and automatic bicycle counters in {city}.",
        ],
        "needs": [
            (
                "Smart traffic signal control and parking guidance",
                "Adaptive traffic light control for 120 intersections in the old town, traffic flow detection and a parking guidance system for the city centre.",
                "CN",
                "mobility",
                "34923000",
            ),
        ],
        "near": ["public_transport", "iot_platform"],
    },
    "wood_houses": {
        "domain": "buildings",
        "cpv": "44211000;45211000",
        "names": ["Hirsitalo", "Trähus Norr", "Timberhome", "Puukoti", "Log Nordic", "Stuga"],
        "sents": [
            "Factory-built log houses and holiday cottages delivered as complete kits with assembly supervision.",
            "Prefabricated timber-frame detached houses built in our factory in {city} and erected on site in a week.",
            "Designed and built a wooden residential area of {n} single-family homes with high energy efficiency.",
            "Laminated log homes exported to Japan and Central Europe since 2004.",
            "Sauna buildings and garden pavilions made of Nordic spruce.",
            "Wall elements with wood fibre insulation for healthy, low-energy homes.",
        ],
        "needs": [
            (
                "Wooden house construction demonstration project",
                "Rizhao city leaders want to introduce Nordic wooden house construction: a demonstration area of low-rise timber houses, prefabrication technology and training of local builders.",
                "CN",
                "buildings",
                "44211000",
            ),
            (
                "木结构房屋建造合作",
                "日照市计划引进北欧木结构房屋建造技术，建设装配式木屋示范区，并培训本地施工企业。",
                "CN",
                "buildings",
                "44211000",
            ),
        ],
        "near": ["clt_buildings", "building_energy"],
    },
    "clt_buildings": {
        "domain": "buildings",
        "cpv": "45210000;71000000",
        "names": ["Massivträ", "CLT Element", "Puurakenne", "Woodframe Engineering"],
        "sents": [
            "Cross-laminated timber (CLT) elements for multi-storey apartment buildings up to eight floors.",
            "Structural engineering of a wooden school and a sports hall in {city}.",
            "Glulam beams and columns for public buildings with long spans.",
            "Fire safety design of tall timber buildings with sprinklers and encapsulated surfaces.",
            "Modular wooden day-care centres delivered in volumetric modules.",
        ],
        "needs": [
            (
                "Timber public buildings",
                "Design and construction of a kindergarten and a school of engineered wood (CLT and glulam) as low-carbon public buildings, including fire safety design.",
                "CN",
                "buildings",
                "45210000",
            ),
        ],
        "near": ["wood_houses", "building_energy"],
    },
    "furniture": {
        "domain": "buildings",
        "cpv": "39100000",
        "names": ["Tuoli", "Möbelfabrik", "Nordic Seating", "Puuseppä"],
        "sents": [
            "Design and small-series manufacturing of solid birch chairs and tables for schools and libraries.",
            "Upholstered seating for public spaces made of recycled materials.",
            "Subcontracted furniture components for large Scandinavian furniture retailers.",
            "Acoustic panels and office furniture of Finnish birch plywood.",
        ],
        "needs": [
            (
                "Partner in furniture design and export",
                "The furniture maker in Zhucheng, which produces chairs for a large Swedish retailer, seeks Nordic partners for furniture design, quality systems and new wood products.",
                "CN",
                "",
                "",
            ),
        ],
        "near": ["clt_buildings"],
    },
    "food_processing": {
        "domain": "food",
        "cpv": "42215000;42220000",
        "names": ["Elintarviketekniikka", "Foodline", "Processa", "Meijeritek", "Bakeri Maskin"],
        "sents": [
            "Automated dough handling and baking lines for industrial bakeries in {city} and abroad.",
            "Hygienic conveyors and packaging machines for meat and fish processors.",
            "Dairy process equipment: pasteurisers, cheese vats and clean-in-place systems.",
            "Berry and vegetable processing lines with optical sorting and freezing tunnels.",
            "Production planning and traceability software for food factories.",
            "HACCP-compliant plant layouts and process engineering for food manufacturers.",
        ],
        "needs": [
            (
                "Food processing technology for Food Valley",
                "Weifang Food Valley companies seek advanced food processing technology: automation of processing and packaging lines, hygienic design, traceability and food safety management.",
                "CN",
                "food",
                "42215000",
            ),
            (
                "食品加工设备与技术合作",
                "潍坊食品谷企业希望引进食品加工自动化生产线、包装设备和食品安全追溯系统。",
                "CN",
                "food",
                "",
            ),
        ],
        "near": ["cold_chain", "agritech"],
    },
    "cold_chain": {
        "domain": "food",
        "cpv": "42513000;38412000",
        "names": ["Kylmäketju", "Coldtrack", "Frysteknik", "Frostlog"],
        "sents": [
            "Temperature loggers and wireless monitoring of refrigerated trucks and cold stores.",
            "Natural refrigerant (CO2) refrigeration systems for supermarkets and food warehouses.",
            "Cold storage warehouses for fish and berries with energy-efficient freezing.",
            "Cloud platform for cold chain traceability from farm to retail.",
        ],
        "needs": [
            (
                "Cold chain logistics for agricultural products",
                "Development of cold chain logistics for vegetables and seafood: cold storage, refrigerated transport, temperature monitoring and traceability.",
                "CN",
                "food",
                "42513000",
            ),
        ],
        "near": ["food_processing", "agritech"],
    },
    "agritech": {
        "domain": "food",
        "cpv": "03110000;43323000",
        "names": ["Kasvihuone", "Vertical Greens", "Agrosense", "Växthus Tech", "Peltodata"],
        "sents": [
            "Vertical farming systems with LED lighting for growing herbs and leafy greens year round.",
            "Greenhouse climate control and irrigation automation for tomato and cucumber growers.",
            "Soil moisture sensors and satellite-based crop monitoring for farms.",
            "Aquaponics units combining fish farming and vegetable growing.",
            "Precision feeding systems and barn monitoring for dairy farms near {city}.",
        ],
        "needs": [
            (
                "Modern greenhouse agriculture",
                "The agricultural park wants modern greenhouse technology: climate control, water-saving irrigation, LED supplemental lighting and crop monitoring.",
                "CN",
                "food",
                "03110000",
            ),
        ],
        "near": ["food_processing", "water_monitoring"],
    },
    "air_quality": {
        "domain": "environment",
        "cpv": "90731000;38431000",
        "names": ["Ilmanlaatu", "Airsense", "Luftkvalitet", "Pienhiukkanen", "Aeromon"],
        "sents": [
            "Network of {n} low-cost air quality sensors measuring particulate matter (PM2.5, PM10) and NO2 in {city}.",
            "Air pollution dispersion modelling and street-level forecasts for the environment authority.",
            "Drone-mounted gas analysers for measuring industrial stack emissions.",
            "Indoor air monitoring in schools: CO2, temperature and volatile organic compounds.",
            "Source apportionment of urban dust and road dust suppression programmes.",
        ],
        "needs": [
            (
                "Air quality monitoring and pollution source analysis",
                "Weifang environment bureau seeks a grid of air quality monitoring stations (PM2.5, ozone, NO2), pollution source identification and forecasting for the high-tech zone.",
                "CN",
                "environment",
                "90731000",
            ),
            (
                "Cleantech for industrial emissions",
                "Cleantech solutions for industrial parks: measurement of emissions from factory stacks, flue gas cleaning and VOC abatement.",
                "CN",
                "",
                "",
            ),
        ],
        "near": ["water_monitoring", "iot_platform"],
    },
    "soil_remediation": {
        "domain": "environment",
        "cpv": "90722000;71313000",
        "names": ["Maaperä", "Sanera", "Envirosite"],
        "sents": [
            "Remediation of oil-contaminated soil at former industrial sites by bioremediation.",
            "Site investigations and risk assessments for brownfield redevelopment in {city}.",
            "Treatment of contaminated groundwater with permeable reactive barriers.",
            "Landfill closure, capping and leachate treatment.",
        ],
        "needs": [
            (
                "Remediation of contaminated industrial land",
                "The former chemical plant area (30 ha) shall be redeveloped. Services: site investigation, risk assessment, soil and groundwater remediation.",
                "CN",
                "environment",
                "90722000",
            ),
        ],
        "near": ["recycling", "stormwater"],
    },
    "noise": {
        "domain": "environment",
        "cpv": "90742000;71313100",
        "names": ["Akustiikka", "Bullerfri", "Soundmap"],
        "sents": [
            "Environmental noise mapping of road and rail traffic for the {city} noise action plan.",
            "Noise barriers of recycled materials along motorways.",
            "Continuous noise monitoring at construction sites and festivals.",
        ],
        "needs": [
            (
                "Urban noise control",
                "Noise mapping of the city centre, continuous noise monitoring and a noise reduction plan for main roads.",
                "CN",
                "environment",
                "90742000",
            ),
        ],
        "near": ["air_quality", "traffic"],
    },
    "iot_platform": {
        "domain": "ict",
        "cpv": "72000000;48000000",
        "names": ["Datavirta", "Citysense IoT", "Nodeworks", "Urbanlink", "Digikaupunki"],
        "sents": [
            "Open city data platform integrating sensor data from lighting, parking and environment into one API.",
            "LoRaWAN networks covering the whole of {city} for utility metering and building sensors.",
            "Digital twin of the city centre used for planning permits and citizen participation.",
            "Smart street lighting control dimming {n} LED luminaires by traffic and daylight.",
            "Analytics dashboards for municipal decision makers built on open data.",
        ],
        "needs": [
            (
                "Smart city IoT data platform",
                "Construction of a city-level IoT platform and urban data hub connecting sensors from street lights, parking, environment and utilities, with a digital twin and dashboards for city managers.",
                "CN",
                "ict",
                "72000000",
            ),
            (
                "智慧城市物联网平台",
                "高新区需要建设物联网数据平台，接入路灯、停车和环境传感器，并提供数字孪生和城市管理驾驶舱。",
                "CN",
                "ict",
                "",
            ),
        ],
        "near": ["traffic", "egov"],
    },
    "cybersecurity": {
        "domain": "ict",
        "cpv": "72250000;72000000",
        "names": ["Kyberturva", "Securenet", "Vaktsam IT"],
        "sents": [
            "Security operations centre monitoring the networks of municipalities and hospitals.",
            "Penetration testing and security audits of industrial control systems in water and energy utilities.",
            "Identity and access management for public sector organisations.",
            "Cyber exercises and incident response training for city IT staff.",
        ],
        "needs": [
            (
                "Cybersecurity for critical infrastructure",
                "Cybersecurity assessment and protection of the control systems of the water and heating utilities, security monitoring and staff training.",
                "CN",
                "ict;safety",
                "72250000",
            ),
        ],
        "near": ["iot_platform", "public_safety"],
    },
    "ehealth": {
        "domain": "health",
        "cpv": "48180000;85100000",
        "names": ["Terveysdata", "Caremate", "Hälsolänk", "Mediremote"],
        "sents": [
            "Remote patient monitoring of chronic heart failure patients with home measurement devices.",
            "Video consultation platform used by {n} nurses in home care services.",
            "Electronic patient record integration for primary health care centres.",
            "Medication robots that dispense doses at home and alert relatives when a dose is missed.",
        ],
        "needs": [
            (
                "Telemedicine and remote care for rural areas",
                "Telemedicine services linking township clinics with the city hospital: video consultations, remote monitoring of chronic patients and health records exchange.",
                "CN",
                "health",
                "48180000",
            ),
        ],
        "near": ["elderly_care", "iot_platform"],
    },
    "elderly_care": {
        "domain": "health",
        "cpv": "85000000;33100000",
        "names": ["Vanhuspalvelu", "Seniorcare Tech", "Tryggboende", "Hoivakoti"],
        "sents": [
            "Fall detection sensors and safety phones for elderly people living alone.",
            "Design and operation of service homes for older people with dementia.",
            "Rehabilitation equipment and exercise programmes for care homes.",
            "Training of care workers in person-centred elderly care.",
        ],
        "needs": [
            (
                "Elderly care services and smart senior living",
                "Development of community elderly care: care home design and operation, safety technology for seniors living at home, and training of care staff.",
                "CN",
                "health",
                "85000000",
            ),
        ],
        "near": ["ehealth", "education_training"],
    },
    "public_safety": {
        "domain": "safety",
        "cpv": "35120000;32323500",
        "names": ["Turvatek", "Safecity", "Brandskydd", "Pelastus"],
        "sents": [
            "Video surveillance and access control for metro stations and public buildings.",
            "Fire detection and alarm systems with remote monitoring for schools and hospitals.",
            "Emergency notification system sending location-based warnings to residents' phones.",
            "Rescue and fire service training with simulators.",
        ],
        "needs": [
            (
                "Public safety and emergency warning system",
                "Procurement of an emergency warning and public alert system, fire alarm monitoring for public buildings and training for rescue services.",
                "CN",
                "safety",
                "35120000",
            ),
        ],
        "near": ["cybersecurity", "stormwater"],
    },
    "egov": {
        "domain": "governance",
        "cpv": "72212000;48000000",
        "names": ["Kuntapalvelu", "e-Kodanik", "Medborgar IT", "Govsoft"],
        "sents": [
            "Digital citizen services portal where residents apply for permits and benefits online.",
            "Electronic identification and signing for municipal services.",
            "Participatory budgeting platform used by {city} residents to vote on local projects.",
            "Document management and case handling system for city administrations.",
        ],
        "needs": [
            (
                "One-stop online government services",
                "Development of an online one-stop service platform for citizens and companies: e-permits, digital identity, case management and citizen feedback.",
                "CN",
                "governance",
                "72212000",
            ),
        ],
        "near": ["iot_platform", "education_training"],
    },
    "education_training": {
        "domain": "education",
        "cpv": "80500000;80420000",
        "names": ["Koulutus", "Edunord", "Lärande", "Skillhub"],
        "sents": [
            "Vocational training programmes for water and waste-water plant operators.",
            "E-learning courses for teachers on digital pedagogy.",
            "Finnish-model early childhood education consulting and teacher training.",
            "Study visits to Nordic schools and training of school leaders.",
        ],
        "needs": [
            (
                "Nordic education cooperation",
                "Cooperation with Nordic education providers: teacher training, vocational education programmes and e-learning for schools in the district.",
                "CN",
                "education",
                "80500000",
            ),
        ],
        "near": ["elderly_care", "egov"],
    },
    "greening": {
        "domain": "environment",
        "cpv": "77310000;90700000",
        "names": ["Viherkaupunki", "Grönyta", "Urban Canopy"],
        "sents": [
            "Landscape design and construction of city parks and green corridors.",
            "Urban tree inventories and tree health monitoring for the {city} parks department.",
            "Green roofs and living walls for public buildings.",
        ],
        "needs": [
            (
                "Urban parks and ecological restoration",
                "Design of urban parks along the river, ecological restoration of wetlands and a tree inventory for the city.",
                "CN",
                "environment",
                "77310000",
            ),
        ],
        "near": ["stormwater", "soil_remediation"],
    },
}

SELF = [
    "Founded in {year} in {city}, the company employs {staff} people.",
    "We are a family-owned company from {city} with {staff} employees.",
    "The company was spun off from a university research group in {year}.",
    "Export markets include Germany, Poland and the Baltic countries.",
    "Our team of {staff} experts works in Finnish, Swedish and English.",
    "ISO 9001 and ISO 14001 certified since {year}.",
    "Part of a Nordic group with offices in {city} and Stockholm.",
]

# Other work that many companies also do: it shares the generic wording of procurement
# texts (municipal, system, monitoring, training, platform, maintenance, ...) and so
# tempts a ranker that weighs common words too much.
GENERIC = [
    "We also deliver maintenance contracts and 24/7 remote support to municipal customers.",
    "Our monitoring platform and mobile app are used by city staff in {n} municipalities.",
    "Training of operators and technical staff is part of every delivery.",
    "We took part in a national smart city pilot with the city of {city}.",
    "Recent clients include public authorities, housing companies and industrial parks.",
    "The company has managed design-build projects in China, India and Vietnam.",
    "Our quality and environmental management system covers planning, installation and service.",
    "We offer feasibility studies, procurement support and project management.",
    "Data from our systems is integrated with the customer's management software.",
    "We have supplied equipment to public tenders in Finland, Sweden and the Baltic states.",
    "Our engineers support the client from design to commissioning and after-sales service.",
    "Energy efficiency and low emissions are built into our products.",
]

CONSULTANCIES = [
    "Insinööritoimisto Pohja",
    "Konsult Nord",
    "Engineering Baltic",
    "Projekt Syd",
    "Nordic Infra Consult",
    "Viro Engineering",
    "Kaupunkisuunnittelu",
    "Samhällsbyggarna",
    "Baltic Urban Engineering",
    "Projektikonsultit",
    "Teknikbyrån Mälardalen",
    "Infrastruktuuri Partners",
    "Tallinna Projekt",
    "Länsi-Suomen Insinöörit",
    "Öresund Engineering",
    "Eesti Keskkonnakonsult",
    "Kuntatekniikka",
    "Norrland Teknik Konsult",
    "Itämeri Consulting",
    "Göta Engineering",
    "Saimaa Projektit",
    "Riga Engineering Group",
    "Vilnius Technical Consult",
    "Hanseatic Infrastructure",
    "Kvarken Konsult",
]
CONSULT_SELF = [
    "A multidisciplinary engineering consultancy with {staff} employees serving municipalities and industry.",
    "Engineering, architecture and project management since {year}.",
    "We plan, design and supervise infrastructure projects for public clients.",
]

# Companies written whole: (id, name, country, description, domains, cpv, main topic or None)
HANDWRITTEN = [
    (
        "c901",
        "Jätevesi-Insinöörit Oy",
        "FI",
        "Suunnittelemme ja rakennamme jätevedenpuhdistamoita kunnille ja teollisuudelle. Olemme toimittaneet typenpoiston saneerauksia ja lietteenkäsittelyä yli 30 puhdistamolle.",
        "water",
        "45252127",
        "ww_treatment",
    ),
    (
        "c902",
        "Trähusfabriken i Norrland AB",
        "SE",
        "Vi tillverkar prefabricerade trähus och fritidshus i egen fabrik. Våra väggelement levereras färdigisolerade och monteras på en vecka.",
        "buildings",
        "44211000",
        "wood_houses",
    ),
    (
        "c903",
        "Livsmedelsteknik Väst AB",
        "SE",
        "Vi levererar automation och förpackningsmaskiner till livsmedelsindustrin, bland annat bagerier och mejerier, samt spårbarhetssystem.",
        "food",
        "42215000",
        "food_processing",
    ),
    (
        "c904",
        "Ilmanlaatumittaus Pohjola Oy",
        "FI",
        "Mittaamme ilmanlaatua kaupungeissa: pienhiukkaset, typpidioksidi ja otsoni. Toimitamme mittausasemia ja ennustepalvelun ympäristöviranomaisille.",
        "environment",
        "90731000",
        "air_quality",
    ),
    (
        "c905",
        "潍坊绿源食品机械有限公司",
        "CN",
        "专业生产食品加工机械和包装生产线，为食品企业提供自动化改造和追溯系统。",
        "food",
        "42215000",
        "food_processing",
    ),
    (
        "c906",
        "日照蓝海水务科技有限公司",
        "CN",
        "从事城镇污水处理厂运营、污泥处理和农村分散式污水处理设备的研发与安装。",
        "water",
        "90480000",
        "ww_treatment",
    ),
    (
        "c907",
        "Nordic Brand Studio Oy",
        "FI",
        "Brand strategy, web design and social media campaigns for consumer goods companies and restaurants.",
        "",
        "",
        None,
    ),
    (
        "c908",
        "Pixelfjord Games AB",
        "SE",
        "Independent studio making mobile puzzle games and casual multiplayer titles; two million downloads worldwide.",
        "",
        "",
        None,
    ),
    (
        "c909",
        "Baltic Legal Partners OÜ",
        "EE",
        "Corporate law, mergers and acquisitions and employment law advice for start-ups in Estonia and Latvia.",
        "",
        "",
        None,
    ),
    (
        "c910",
        "Kahvila Kulma Oy",
        "FI",
        "Café and catering company serving lunch, pastries and event catering in Tampere.",
        "",
        "",
        None,
    ),
    (
        "c911",
        "Nordic Textile Design AB",
        "SE",
        "Designs and sells wool blankets, cushions and interior textiles through design shops.",
        "",
        "",
        None,
    ),
    (
        "c912",
        "Tallinn Event Management OÜ",
        "EE",
        "Organises conferences, trade fairs and incentive trips for corporate clients.",
        "",
        "",
        None,
    ),
]

# Judgements made by reading texts, beyond the main/side-line rule: (need_id, company_id, rel)
EXTRA_QRELS = [
    # The operator-training company is a partial fit for the treatment-plant need that asks for training.
    ("n001", "TRAINING_WW", 1),
]

EXTRA_NEEDS = [
    (
        "Waste water treatment and wooden houses for Rizhao",
        "日照市领导对北欧的污水处理技术和木结构房屋建造很感兴趣。Rizhao city leaders are interested in Nordic waste-water treatment and wooden-house construction for a new eco-district.",
        "CN",
        "water;buildings",
        "",
        ["ww_treatment", "wood_houses"],
    ),
    (
        "Cleantech and food industry cooperation in Weifang",
        "Weifang High-Tech Zone and Food Valley seek cleantech for food factories: wastewater from food processing, energy-efficient refrigeration and emission monitoring.",
        "CN",
        "",
        "",
        ["food_processing", "cold_chain", "air_quality"],
    ),
    ("", "", "CN", "water", "45252127", ["ww_treatment"]),
    (
        "Effluent purification for a food industrial estate",
        "The contracting authority is looking for a partner to design and deliver an effluent purification facility for a cluster of meat, dairy and vegetable processors. Effluent has high organic load and fats. The scope covers biological purification, reuse of purified water and handling of residual sludge. Tenderers shall describe references from comparable projects.",
        "CN",
        "",
        "",
        ["ww_treatment"],
    ),
    (
        "Non-revenue water programme",
        "Framework agreement for consultancy and field services to cut the share of non-revenue water from 28 % to 15 %: network zoning, acoustic surveys, metering of bulk and household consumption, and a prioritised renewal plan for old mains.",
        "CN",
        "",
        "",
        ["water_networks"],
    ),
    (
        "Household refuse logistics",
        "Service contract for the planning of residual waste and separately collected fractions logistics in a district of 300,000 inhabitants, including container placement, vehicle routes and a digital system for residents to report overflowing containers.",
        "CN",
        "",
        "",
        ["waste_collection"],
    ),
    (
        "Demolition waste and secondary raw materials",
        "The municipality will establish a facility that turns demolition rubble and excavated materials into certified secondary aggregates for road and foundation works. Technical consultancy and equipment supply are requested.",
        "CN",
        "",
        "",
        ["recycling"],
    ),
    (
        "Heat supply decarbonisation study",
        "Feasibility study for decarbonising the heat supply of the northern urban area: recovery of surplus heat from industry and the sewage works, thermal storage and electrification of heat production. Existing network: 180 km of pipes.",
        "CN",
        "",
        "",
        ["district_heating"],
    ),
    (
        "Deep retrofit of residential blocks",
        "Pilot deep retrofit of six prefabricated concrete residential blocks built in the 1980s: thermal envelope, windows, mechanical ventilation with heat recovery, and monitoring of indoor climate and consumption after renovation.",
        "CN",
        "",
        "",
        ["building_energy"],
    ),
    (
        "Bus depot electrification",
        "Electrification of the municipal bus depot for 80 battery-electric buses: charging equipment, smart charging schedules aligned with the timetable, grid connection study and an operator dashboard.",
        "CN",
        "",
        "",
        ["ev_charging", "public_transport"],
    ),
    (
        "Low-rise timber residential neighbourhood",
        "Partner sought for a residential neighbourhood of 120 detached and terraced homes with a timber structure, factory-made elements, short on-site assembly time and good thermal performance. Local contractors are to be trained in assembly.",
        "CN",
        "",
        "",
        ["wood_houses"],
    ),
    (
        "Multi-storey wood construction know-how",
        "The construction bureau wants to learn engineered timber for mid-rise housing and public buildings: panel systems, connections, fire and acoustic design, and site practices. Consultancy and a study trip are planned.",
        "CN",
        "",
        "",
        ["clt_buildings"],
    ),
    (
        "Bakery and dairy line automation",
        "A regional dairy and a bread factory want to automate their production: clean-in-place washing, dosing and mixing, automatic packing and palletising, and recording of batch data for recall management.",
        "CN",
        "",
        "",
        ["food_processing"],
    ),
    (
        "Temperature-controlled storage for seafood exports",
        "Investment in freezing and chilled storage capacity for seafood exports at the port, with continuous temperature logging during storage and trucking and documentation for importing countries.",
        "CN",
        "",
        "",
        ["cold_chain"],
    ),
    (
        "Controlled-environment vegetable production",
        "Year-round vegetable production in controlled environment facilities: artificial lighting, climate and nutrient control, water recirculation and yield monitoring software.",
        "CN",
        "",
        "",
        ["agritech"],
    ),
    (
        "Fine particulate pollution in the winter heating season",
        "The city suffers from fine particle episodes in winter. The environment bureau requests a dense sensor grid, modelling of dispersion, identification of the main sources and short-term forecasts to trigger traffic and industry restrictions.",
        "CN",
        "",
        "",
        ["air_quality"],
    ),
    (
        "Brownfield redevelopment of a former tannery",
        "Investigation and clean-up of a former tannery site with chromium and solvent contamination in soil and groundwater before housing construction.",
        "CN",
        "",
        "",
        ["soil_remediation"],
    ),
    (
        "Home-based care with connected devices",
        "The health commission will pilot home-based care for older residents with chronic illnesses: connected blood pressure and glucose devices, alerts to nurses, video visits, and emergency buttons for people living alone.",
        "CN",
        "",
        "",
        ["ehealth", "elderly_care"],
    ),
    (
        "Protection of water utility automation against cyber attacks",
        "Independent review of the information security of the SCADA and automation systems of the water utility, network segmentation, monitoring of intrusions and training of operators.",
        "CN",
        "",
        "",
        ["cybersecurity"],
    ),
    (
        "Residents' digital services",
        "The district government will let residents handle permits, social benefits and complaints online with a single login, track their cases and take part in decisions on neighbourhood budgets.",
        "CN",
        "",
        "",
        ["egov"],
    ),
    (
        "Teacher professional development",
        "Professional development programme for primary school teachers and principals, including blended online courses and visits to schools in Finland or Sweden.",
        "CN",
        "",
        "",
        ["education_training"],
    ),
]


def main() -> None:
    rng = random.Random(20261126)
    companies: list[dict[str, str]] = []
    main_topic: dict[str, str] = {}
    side_topic: dict[str, str] = {}
    multi_side: dict[str, list[str]] = {}
    used_names: set[str] = set()
    cid = 0
    training_ww = ""
    for key, t in TOPICS.items():
        for stem in t["names"]:
            cid += 1
            country = rng.choice(["FI", "FI", "FI", "SE", "SE", "SE", "EE", "EE", "LV", "LT"])
            city = rng.choice(CITIES[country])
            name = f"{stem} {LEGAL[country]}"
            if name in used_names:
                name = f"{stem} {city} {LEGAL[country]}"
            used_names.add(name)
            sents = rng.sample(t["sents"], k=min(len(t["sents"]), rng.choice([3, 3, 4])))
            side = ""
            if rng.random() < 0.35:
                side = rng.choice(t["near"])
                sents.append(rng.choice(TOPICS[side]["sents"]))
            rng.shuffle(sents)
            sents.extend(rng.sample(GENERIC, k=rng.choice([1, 2, 2])))
            sents.append(rng.choice(SELF))
            text = " ".join(
                s.format(
                    city=city,
                    n=rng.choice([12, 25, 40, 60, 150, 300]),
                    year=rng.randint(1988, 2019),
                    staff=rng.choice([8, 15, 22, 35, 60, 120]),
                )
                for s in sents
            )
            ident = f"c{cid:03d}"
            if key == "education_training" and "operators" in text and not training_ww:
                training_ww = ident
            companies.append(
                {
                    "id": ident,
                    "name": name,
                    "description": text,
                    "domains": t["domain"]
                    + (
                        f";{TOPICS[side]['domain']}"
                        if side and TOPICS[side]["domain"] != t["domain"]
                        else ""
                    ),
                    "cpv": t["cpv"],
                    "country": country,
                    "languages": LANGS[country],
                    "target_markets": rng.choice(["CN", "CN;JP", "DE;PL", "CN;IN", ""]),
                    "size": rng.choice(["micro", "small", "small", "medium"]),
                }
            )
            main_topic[ident] = key
            if side:
                side_topic[ident] = side
    # Multi-disciplinary engineering consultancies: several side lines, no main line, so
    # they are partial fits (relevance 1) for many needs and compete with specialists.
    for j, stem in enumerate(CONSULTANCIES):
        cid += 1
        country = rng.choice(["FI", "SE", "EE"])
        city = rng.choice(CITIES[country])
        topics = rng.sample(sorted(TOPICS), k=3)
        sents = [rng.choice(TOPICS[k]["sents"]) for k in topics]
        sents.append(CONSULT_SELF[j % len(CONSULT_SELF)])
        text = " ".join(
            s.format(
                city=city,
                n=rng.choice([12, 25, 40, 60]),
                year=rng.randint(1970, 2015),
                staff=rng.choice([150, 400, 900]),
            )
            for s in sents
        )
        ident = f"c{cid:03d}"
        companies.append(
            {
                "id": ident,
                "name": f"{stem} {LEGAL[country]}",
                "description": text,
                "domains": ";".join(dict.fromkeys(TOPICS[k]["domain"] for k in topics)),
                "cpv": "71000000",
                "country": country,
                "languages": LANGS[country],
                "target_markets": "CN",
                "size": "large",
            }
        )
        for k in topics:
            multi_side.setdefault(ident, []).append(k)
    for ident, name, country, text, domains, cpv, topic in HANDWRITTEN:
        companies.append(
            {
                "id": ident,
                "name": name,
                "description": text,
                "domains": domains,
                "cpv": cpv,
                "country": country,
                "languages": LANGS.get(country, "zh"),
                "target_markets": "",
                "size": "small",
            }
        )
        if topic:
            main_topic[ident] = topic

    needs: list[dict[str, str]] = []
    need_topics: dict[str, list[str]] = {}
    nid = 0
    for key, t in TOPICS.items():
        for i, (title, desc, country, domains, cpv) in enumerate(t["needs"]):
            nid += 1
            ident = f"n{nid:03d}"
            # Half of the needs carry no codes, like the text-only evaluation.
            coded = (nid % 2 == 1) and i == 0
            needs.append(
                {
                    "id": ident,
                    "title": title,
                    "description": desc,
                    "country": country,
                    "domains": domains if coded else "",
                    "cpv": cpv if coded else "",
                }
            )
            need_topics[ident] = [key]
    for title, desc, country, domains, cpv, topics in EXTRA_NEEDS:
        nid += 1
        ident = f"n{nid:03d}"
        needs.append(
            {
                "id": ident,
                "title": title,
                "description": desc,
                "country": country,
                "domains": domains,
                "cpv": cpv,
            }
        )
        need_topics[ident] = topics

    qrels: dict[tuple[str, str], int] = {}
    for n_id, topics in need_topics.items():
        for c_id, topic in main_topic.items():
            if topic in topics:
                qrels[(n_id, c_id)] = 2
        for c_id, topic in side_topic.items():
            if topic in topics and (n_id, c_id) not in qrels:
                qrels[(n_id, c_id)] = 1
        for c_id, topics_ in multi_side.items():
            if set(topics_) & set(topics):
                qrels.setdefault((n_id, c_id), 1)
    for n_id, c_id, rel in EXTRA_QRELS:
        c_id = training_ww if c_id == "TRAINING_WW" else c_id
        if c_id:
            qrels.setdefault((n_id, c_id), rel)

    ccols = [
        "id",
        "name",
        "description",
        "domains",
        "cpv",
        "country",
        "languages",
        "target_markets",
        "size",
    ]
    with open(HERE / "companies.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, ccols)
        w.writeheader()
        w.writerows(companies)
    ncols = ["id", "title", "description", "domains", "cpv", "country"]
    with open(HERE / "needs.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, ncols)
        w.writeheader()
        w.writerows(needs)
    with open(HERE / "qrels.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["need_id", "company_id", "relevance"])
        for (n_id, c_id), rel in sorted(qrels.items()):
            w.writerow([n_id, c_id, rel])
    print(f"{len(companies)} companies, {len(needs)} needs, {len(qrels)} judgements")


if __name__ == "__main__":
    main()
