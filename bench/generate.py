"""Write a synthetic, deterministic news corpus for benchmarking transcheck.

Every "story" is a set of invented facts (people, a town, an organisation, figures, dates and
quotations) rendered in English, Spanish and French from parallel sentence templates, so the
articles look like one story translated three ways: extraction, translation and alignment all
have real work to do. Articles are distinct (each story draws its own facts and its own
sentence order) and 600-800 words long. All text here was written for this benchmark.

    python bench/generate.py OUTDIR -n 1000 --seed 1

Files are named ``s{story:05d}_{lang}.txt``; the first N articles of a larger corpus are the
same as the N articles of a smaller one with the same seed.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

LANGS = ("en", "es", "fr")
NNBSP = "\u202f"  # French thousands separator / space before ; : ! ? %
NBSP = "\u00a0"  # inside French guillemets

# ----------------------------------------------------------------------------- word lists
# Invented given names and surnames (language-independent, as names are in real news).
GIVEN = [
    "Amara",
    "Bohdan",
    "Carmela",
    "Dariusz",
    "Elodie",
    "Farid",
    "Greta",
    "Hamid",
    "Ingrid",
    "Joaquín",
    "Kalinda",
    "Lorenzo",
    "Maëlle",
    "Nikolai",
    "Oona",
    "Pascual",
    "Quilla",
    "Rasmus",
    "Soledad",
    "Tomasz",
    "Ulrike",
    "Vicente",
    "Wanjiru",
    "Xavier",
    "Yusuf",
    "Zofia",
    "Anneli",
    "Bernat",
    "Celeste",
    "Dmitri",
    "Estela",
    "Fionn",
    "Gaspard",
    "Hedda",
    "Ilias",
    "Jovana",
    "Kenji",
    "Leocadia",
    "Mateus",
    "Noémie",
    "Olek",
    "Priya",
    "Rodrigo",
    "Saskia",
    "Teodor",
    "Ursula",
    "Valentin",
    "Wilma",
    "Yara",
    "Zeno",
]
SURNAMES = [
    "Abernathy",
    "Bellweather",
    "Castellanos",
    "Drummond",
    "Echeverría",
    "Fairbairn",
    "Grünewald",
    "Halvorsen",
    "Ibarrondo",
    "Jankowski",
    "Kowalczyk",
    "Lindqvist",
    "Marchetti",
    "Nakamura",
    "Oyelaran",
    "Pradhan",
    "Quintero",
    "Rautenbach",
    "Sørensen",
    "Tavernier",
    "Urquhart",
    "Valdivieso",
    "Whitcombe",
    "Xenakis",
    "Yilmaz",
    "Zambrano",
    "Arkwright",
    "Benavides",
    "Cholmondeley",
    "Dufresne",
    "Etxeberria",
    "Fitzgerald",
    "Gallardo",
    "Hargreaves",
    "Iturbide",
    "Jovanović",
    "Kerrigan",
    "Lafontaine",
    "Mbeki-Varga",
    "Novak",
    "Okonkwo",
    "Pellegrini",
    "Radcliffe",
    "Santangelo",
    "Thibodeaux",
    "Uribe",
    "Villeneuve",
    "Wojcik",
    "Ysasaga",
    "Zielinski",
]
# Invented towns and districts.
TOWNS = [
    "Port Aldren",
    "Valmora",
    "Kestrel Bay",
    "San Odilo",
    "Brackenford",
    "Villanueva del Cierzo",
    "Montclerc",
    "Lake Orrin",
    "Ferrowick",
    "Santa Leocadia",
    "Castelbrume",
    "Dunmarrow",
    "Aguaclara",
    "Rochemaure",
    "Greyhaven",
    "Puerto Ilmar",
    "Saint-Avold-les-Pins",
    "Marrowdale",
    "Tierra Honda",
    "Belvaux",
    "Northcote",
    "Las Cumbres de Oria",
    "Lormont-sur-Lys",
    "Ashbourne Vale",
    "Río Seco",
    "Chantefleur",
    "Holloway Cross",
    "Campo Verde",
    "Vaudrelle",
    "Eastmere",
]
# More invented towns, built from parts, so that a large corpus covers many places.
_TOWN_ROOTS = (
    "Ald Bel Cor Dun Fer Gal Hol Kes Lor Mar Nor Orr Pen Ros Sal Tor Val Wyn Bra Cas Esk Far "
    "Glen Har Ilm Jar Kil Lan Mel Nev"
).split()
_TOWN_ENDS = "ford mora haven wick dale bury ona ac ville stead".split()
_TOWN_PREFIXES = ("", "Port ", "San ", "Lake ", "Saint-", "Upper ")
TOWNS = TOWNS + [
    f"{pre}{root}{end}" for pre in _TOWN_PREFIXES for root in _TOWN_ROOTS for end in _TOWN_ENDS
]

# Parallel noun phrases: (en, es, fr). Spanish and French carry their article.
ORGS = (
    ("the Northern Water Board", "la Junta del Agua del Norte", "l'Office des eaux du Nord"),
    ("the regional council", "el consejo regional", "le conseil régional"),
    ("the port authority", "la autoridad portuaria", "l'autorité portuaire"),
    ("the teachers' union", "el sindicato de docentes", "le syndicat des enseignants"),
    ("the health ministry", "el ministerio de sanidad", "le ministère de la santé"),
    (
        "the civil protection agency",
        "la agencia de protección civil",
        "l'agence de protection civile",
    ),
    (
        "the national rail company",
        "la compañía nacional de ferrocarriles",
        "la compagnie nationale des chemins de fer",
    ),
    ("the farmers' cooperative", "la cooperativa agrícola", "la coopérative agricole"),
    ("the electoral commission", "la comisión electoral", "la commission électorale"),
    ("the city hospital", "el hospital municipal", "l'hôpital municipal"),
    ("the fire brigade", "el cuerpo de bomberos", "le corps des pompiers"),
    ("the housing office", "la oficina de vivienda", "l'office du logement"),
)
ROLES = (
    ("the mayor", "el alcalde", "le maire"),
    ("the spokesperson", "el portavoz", "le porte-parole"),
    ("the director", "el director", "le directeur"),
    ("the chief engineer", "el ingeniero jefe", "l'ingénieur en chef"),
    ("the regional governor", "el gobernador regional", "le gouverneur régional"),
    ("the union leader", "el líder sindical", "le dirigeant syndical"),
    ("the health minister", "el ministro de sanidad", "le ministre de la santé"),
    ("the police chief", "el jefe de policía", "le chef de la police"),
)
THINGS = (
    ("the bridge", "el puente", "le pont"),
    ("the dam", "la presa", "le barrage"),
    ("the new hospital wing", "la nueva ala del hospital", "la nouvelle aile de l'hôpital"),
    ("the ring road", "la carretera de circunvalación", "le périphérique"),
    ("the water treatment plant", "la planta de tratamiento de agua", "la station d'épuration"),
    ("the old market hall", "el antiguo mercado cubierto", "l'ancienne halle du marché"),
    ("the school building", "el edificio escolar", "le bâtiment scolaire"),
    ("the tram line", "la línea de tranvía", "la ligne de tramway"),
    ("the harbour wall", "el muro del puerto", "la digue du port"),
    ("the power station", "la central eléctrica", "la centrale électrique"),
    ("the sports stadium", "el estadio deportivo", "le stade"),
    ("the public library", "la biblioteca pública", "la bibliothèque publique"),
)
GROUPS = (
    ("residents", "vecinos", "habitants"),
    ("workers", "trabajadores", "travailleurs"),
    ("families", "familias", "familles"),
    ("patients", "pacientes", "patients"),
    ("students", "estudiantes", "étudiants"),
    ("volunteers", "voluntarios", "bénévoles"),
    ("passengers", "pasajeros", "passagers"),
    ("farmers", "agricultores", "agriculteurs"),
)
EVENTS = (
    ("the flood", "la inundación", "l'inondation"),
    ("the storm", "la tormenta", "la tempête"),
    ("the strike", "la huelga", "la grève"),
    ("the fire", "el incendio", "l'incendie"),
    ("the landslide", "el deslizamiento de tierra", "le glissement de terrain"),
    ("the power cut", "el apagón", "la coupure de courant"),
    ("the drought", "la sequía", "la sécheresse"),
)
MONTHS = (
    ("January", "enero", "janvier"),
    ("February", "febrero", "février"),
    ("March", "marzo", "mars"),
    ("April", "abril", "avril"),
    ("May", "mayo", "mai"),
    ("June", "junio", "juin"),
    ("July", "julio", "juillet"),
    ("August", "agosto", "août"),
    ("September", "septiembre", "septembre"),
    ("October", "octubre", "octobre"),
    ("November", "noviembre", "novembre"),
    ("December", "diciembre", "décembre"),
)
WEEKDAYS = (
    ("Monday", "lunes", "lundi"),
    ("Tuesday", "martes", "mardi"),
    ("Wednesday", "miércoles", "mercredi"),
    ("Thursday", "jueves", "jeudi"),
    ("Friday", "viernes", "vendredi"),
)

# ----------------------------------------------------------------------------- quotations
# Parallel quotations. Slots: {n} a count, {thing}, {month}, {group}, {event}, {town}.
QUOTES = (
    (
        "We will finish {thing} before the end of {month}, whatever it costs",
        "Terminaremos {thing} antes de que acabe {month}, cueste lo que cueste",
        "Nous terminerons {thing} avant la fin de {month}, quoi qu'il en coûte",
    ),
    (
        "Nobody in {town} will be left without water this summer",
        "Nadie en {town} se quedará sin agua este verano",
        "Personne à {town} ne restera sans eau cet été",
    ),
    (
        "At least {n} {group} have lost their homes and we cannot ignore them",
        "Al menos {n} {group} han perdido sus casas y no podemos ignorarlos",
        "Au moins {n} {group} ont perdu leur logement et nous ne pouvons pas les ignorer",
    ),
    (
        "The warning came too late for the people living near the river",
        "La alerta llegó demasiado tarde para la gente que vive cerca del río",
        "L'alerte est arrivée trop tard pour les gens qui vivent près de la rivière",
    ),
    (
        "Leave your homes before nightfall and take only what you can carry",
        "Abandonen sus casas antes del anochecer y lleven solo lo que puedan cargar",
        "Quittez vos maisons avant la tombée de la nuit et n'emportez que ce que vous pouvez porter",
    ),
    (
        "This is not a question of money but of political will",
        "No es una cuestión de dinero sino de voluntad política",
        "Ce n'est pas une question d'argent mais de volonté politique",
    ),
    (
        "We asked for help three times and nobody answered",
        "Pedimos ayuda tres veces y nadie respondió",
        "Nous avons demandé de l'aide trois fois et personne n'a répondu",
    ),
    (
        "The figures are clear: {n} {group} are still waiting",
        "Las cifras son claras: {n} {group} siguen esperando",
        "Les chiffres sont clairs : {n} {group} attendent toujours",
    ),
    (
        "I will not sign any agreement that puts the {group} at risk",
        "No firmaré ningún acuerdo que ponga en riesgo a los {group}",
        "Je ne signerai aucun accord qui mette les {group} en danger",
    ),
    (
        "The repairs on {thing} must start immediately",
        "Las reparaciones de {thing} deben empezar de inmediato",
        "Les réparations sur {thing} doivent commencer immédiatement",
    ),
    (
        "Our teams worked through the night and they are exhausted",
        "Nuestros equipos trabajaron toda la noche y están agotados",
        "Nos équipes ont travaillé toute la nuit et elles sont épuisées",
    ),
    (
        "There was no risk to public health at any moment",
        "En ningún momento hubo riesgo para la salud pública",
        "Il n'y a eu à aucun moment de risque pour la santé publique",
    ),
    (
        "We need {n} more beds by {month} or the system will collapse",
        "Necesitamos {n} camas más antes de {month} o el sistema colapsará",
        "Il nous faut {n} lits de plus d'ici {month} ou le système s'effondrera",
    ),
    (
        "The investigation will tell us who is responsible for {event}",
        "La investigación nos dirá quién es responsable de {event}",
        "L'enquête nous dira qui est responsable de {event}",
    ),
    (
        "Shoot only as a last resort and never at unarmed people",
        "Disparen solo como último recurso y nunca contra personas desarmadas",
        "Ne tirez qu'en dernier recours et jamais sur des personnes désarmées",
    ),
    (
        "The budget for {thing} has doubled and nobody can explain why",
        "El presupuesto de {thing} se ha duplicado y nadie sabe explicar por qué",
        "Le budget pour {thing} a doublé et personne ne sait expliquer pourquoi",
    ),
    (
        "We are proud of the {group} who came to help their neighbours",
        "Estamos orgullosos de los {group} que vinieron a ayudar a sus vecinos",
        "Nous sommes fiers des {group} venus aider leurs voisins",
    ),
    (
        "Schools in {town} will reopen on Monday if the roads are safe",
        "Las escuelas de {town} reabrirán el lunes si las carreteras son seguras",
        "Les écoles de {town} rouvriront lundi si les routes sont sûres",
    ),
    (
        "I have never seen anything like this in thirty years of service",
        "Nunca he visto nada parecido en treinta años de servicio",
        "Je n'ai jamais rien vu de tel en trente ans de service",
    ),
    (
        "The compensation will reach every family before {month}",
        "La indemnización llegará a todas las familias antes de {month}",
        "L'indemnisation parviendra à chaque famille avant {month}",
    ),
    (
        "We were told the river would not rise above {n} centimetres",
        "Nos dijeron que el río no subiría más de {n} centímetros",
        "On nous a dit que la rivière ne monterait pas au-delà de {n} centimètres",
    ),
    (
        "The decision was taken without consulting the {group}",
        "La decisión se tomó sin consultar a los {group}",
        "La décision a été prise sans consulter les {group}",
    ),
    (
        "Nothing will be rebuilt until the engineers say it is safe",
        "No se reconstruirá nada hasta que los ingenieros digan que es seguro",
        "Rien ne sera reconstruit tant que les ingénieurs ne diront pas que c'est sûr",
    ),
    (
        "We must learn from {event} so that it never happens again",
        "Debemos aprender de {event} para que nunca vuelva a ocurrir",
        "Nous devons tirer les leçons de {event} pour que cela ne se reproduise jamais",
    ),
)

# Parallel endings added to each quotation of a story (so that two stories seldom share one
# quotation word for word, as in real news). Same slots as the quotations, plus {org}.
QUOTE_TAILS = (
    ("here in {town}", "aquí en {town}", "ici à {town}"),
    ("for the {group} of {town}", "para los {group} de {town}", "pour les {group} de {town}"),
    (
        "and {n} {group} are counting on us",
        "y {n} {group} cuentan con nosotros",
        "et {n} {group} comptent sur nous",
    ),
    ("whatever {org} says", "diga lo que diga {org}", "quoi que dise {org}"),
    ("and I said so in {month}", "y lo dije en {month}", "et je l'ai dit en {month}"),
    ("in {town} and everywhere else", "en {town} y en todas partes", "à {town} et partout"),
    ("after {event}", "después de {event}", "après {event}"),
    (
        "and {org} knows it",
        "y {org} lo sabe",
        "et {org} le sait",
    ),
)

# ----------------------------------------------------------------------------- sentences
# Parallel sentence templates. Slots: {p1} {p2} full names, {s1} {s2} surnames,
# {role1} {role2}, {org}, {town}, {thing}, {group}, {event}, {n1} {n2} {n3} counts,
# {pct} percent, {dec} decimal, {money} millions, {year}, {date} day+month, {wday},
# {q} a quotation (marks added per language), {hh} time.
SENTENCES = (
    (
        "{event_c} hit {town} early on {wday}, and by noon {n1} {group} had been moved to safer ground.",
        "{event_c} golpeó {town} a primera hora del {wday}, y al mediodía {n1} {group} habían sido trasladados a zonas seguras.",
        "{event_c} a frappé {town} tôt {wday}, et à midi {n1} {group} avaient été mis à l'abri.",
    ),
    (
        "{Role1} of {town}, {p1}, told reporters: {q}.",
        "{Role1} de {town}, {p1}, declaró a los periodistas: {q}.",
        "{Role1} de {town}, {p1}, a déclaré aux journalistes{colon} {q}.",
    ),
    (
        "According to {org}, {n2} {group} were still without electricity on {date}.",
        "Según {org}, {n2} {group} seguían sin electricidad el {date}.",
        "Selon {org}, {n2} {group} étaient toujours privés d'électricité le {date}.",
    ),
    (
        "{s1} said the cost of repairing {thing} could reach {money} million euros.",
        "{s1} dijo que el coste de reparar {thing} podría alcanzar los {money} millones de euros.",
        "{s1} a affirmé que le coût de la réparation pourrait atteindre {money} millions d'euros.",
    ),
    (
        "{q}, said {p2}, {role2} of {org}.",
        "{q}, afirmó {p2}, {role2} de {org}.",
        "{q}, a affirmé {p2}, {role2} de {org}.",
    ),
    (
        "The last comparable disaster in the region was recorded in {year}, when {n3} people died.",
        "El último desastre comparable en la región se registró en {year}, cuando murieron {n3} personas.",
        "La dernière catastrophe comparable dans la région remonte à {year}, lorsque {n3} personnes étaient mortes.",
    ),
    (
        "Turnout among the {group} rose to {pct}, the highest figure since {year}.",
        "La participación entre los {group} subió al {pct}, la cifra más alta desde {year}.",
        "La participation parmi les {group} a atteint {pct}, le chiffre le plus élevé depuis {year}.",
    ),
    (
        "Water levels at {thing} rose by {dec} metres in less than six hours.",
        "El nivel del agua en {thing} subió {dec} metros en menos de seis horas.",
        "Le niveau de l'eau a augmenté de {dec} mètres en moins de six heures.",
    ),
    (
        "{p2} rejected the criticism and said that {org} had followed every procedure.",
        "{p2} rechazó las críticas y dijo que {org} había seguido todos los procedimientos.",
        "{p2} a rejeté les critiques et a assuré que {org} avait suivi toutes les procédures.",
    ),
    (
        "In a statement issued at {hh}, {org} confirmed that {n1} {group} had been evacuated.",
        "En un comunicado emitido a las {hh}, {org} confirmó que {n1} {group} habían sido evacuados.",
        "Dans un communiqué publié à {hh}, {org} a confirmé que {n1} {group} avaient été évacués.",
    ),
    (
        "Many {group} in {town} said they had received no warning at all.",
        "Muchos {group} de {town} aseguraron que no habían recibido ningún aviso.",
        "De nombreux {group} de {town} ont assuré n'avoir reçu aucun avertissement.",
    ),
    (
        "The opposition demanded the resignation of {p1} within {n3} days.",
        "La oposición exigió la dimisión de {p1} en un plazo de {n3} días.",
        "L'opposition a exigé la démission de {p1} dans un délai de {n3} jours.",
    ),
    (
        "{s2} added that the works on {thing} would resume on {date}.",
        "{s2} añadió que las obras de {thing} se reanudarán el {date}.",
        "{s2} a ajouté que les travaux reprendraient le {date}.",
    ),
    (
        "Speaking outside the town hall, {s1} insisted: {q}.",
        "Hablando frente al ayuntamiento, {s1} insistió: {q}.",
        "S'exprimant devant la mairie, {s1} a insisté{colon} {q}.",
    ),
    (
        "Emergency services answered {n2} calls during the night, {pct} more than usual.",
        "Los servicios de emergencia atendieron {n2} llamadas durante la noche, un {pct} más de lo habitual.",
        "Les services d'urgence ont répondu à {n2} appels pendant la nuit, soit {pct} de plus que d'habitude.",
    ),
    (
        "The government has promised {money} million euros in aid, but no date has been set.",
        "El gobierno ha prometido {money} millones de euros en ayudas, pero no se ha fijado ninguna fecha.",
        "Le gouvernement a promis {money} millions d'euros d'aide, mais aucune date n'a été fixée.",
    ),
    (
        "{p2} and {p1} met on {date} to discuss the next steps.",
        "{p2} y {p1} se reunieron el {date} para discutir los próximos pasos.",
        "{p2} et {p1} se sont rencontrés le {date} pour discuter des prochaines étapes.",
    ),
    (
        "Engineers said {thing} had been inspected in {year} and showed no sign of damage.",
        "Los ingenieros dijeron que {thing} había sido inspeccionado en {year} sin mostrar daños.",
        "Les ingénieurs ont indiqué que l'ouvrage avait été inspecté en {year} sans montrer de dommages.",
    ),
    (
        "More than {n3} {group} gathered in the main square on {wday} evening.",
        "Más de {n3} {group} se reunieron en la plaza mayor el {wday} por la tarde.",
        "Plus de {n3} {group} se sont rassemblés sur la place principale {wday} soir.",
    ),
    (
        "Asked about the delays, {s2} replied: {q}.",
        "Preguntado por los retrasos, {s2} respondió: {q}.",
        "Interrogé sur les retards, {s2} a répondu{colon} {q}.",
    ),
    (
        "The report by {org} counts {n1} damaged houses and {n2} damaged vehicles.",
        "El informe de {org} contabiliza {n1} viviendas dañadas y {n2} vehículos dañados.",
        "Le rapport publié par {org} recense {n1} maisons endommagées et {n2} véhicules endommagés.",
    ),
    (
        "Unemployment in {town} stands at {pct}, according to figures published in {year}.",
        "El desempleo en {town} se sitúa en el {pct}, según cifras publicadas en {year}.",
        "Le chômage à {town} s'élève à {pct}, selon des chiffres publiés en {year}.",
    ),
    (
        "Local shops stayed closed and the main road remained blocked until {hh}.",
        "Los comercios locales permanecieron cerrados y la carretera principal siguió cortada hasta las {hh}.",
        "Les commerces sont restés fermés et la route principale est restée bloquée jusqu'à {hh}.",
    ),
    (
        "{p1} has led {org} since {year} and is expected to stand again.",
        "{p1} dirige {org} desde {year} y se espera que vuelva a presentarse.",
        "{p1} dirige {org} depuis {year} et devrait se représenter.",
    ),
    (
        "Volunteers handed out {n2} meals and {n3} blankets in two days.",
        "Los voluntarios repartieron {n2} comidas y {n3} mantas en dos días.",
        "Les bénévoles ont distribué {n2} repas et {n3} couvertures en deux jours.",
    ),
    (
        "Critics point out that the budget for {thing} was cut by {pct} last year.",
        "Los críticos señalan que el presupuesto de {thing} se recortó un {pct} el año pasado.",
        "Les critiques soulignent que le budget consacré à l'ouvrage a été réduit de {pct} l'an dernier.",
    ),
    (
        "A second meeting between {s1} and {s2} is planned for {date}.",
        "Una segunda reunión entre {s1} y {s2} está prevista para el {date}.",
        "Une deuxième réunion entre {s1} et {s2} est prévue le {date}.",
    ),
    (
        "The rain gauge at {town} recorded {dec} centimetres in a single afternoon.",
        "El pluviómetro de {town} registró {dec} centímetros en una sola tarde.",
        "Le pluviomètre de {town} a enregistré {dec} centimètres en un seul après-midi.",
    ),
    (
        "Residents who spoke to this newspaper described scenes of panic near {thing}.",
        "Los vecinos que hablaron con este periódico describieron escenas de pánico cerca de {thing}.",
        "Les habitants interrogés par ce journal ont décrit des scènes de panique près de l'ouvrage.",
    ),
    (
        "{q}, {s1} repeated on {wday}, before leaving without answering questions.",
        "{q}, repitió {s1} el {wday}, antes de marcharse sin responder preguntas.",
        "{q}, a répété {s1} {wday}, avant de partir sans répondre aux questions.",
    ),
    (
        "Insurance companies estimate the losses at {money} million euros.",
        "Las aseguradoras calculan las pérdidas en {money} millones de euros.",
        "Les assureurs estiment les pertes à {money} millions d'euros.",
    ),
    (
        "Between {year} and {year2}, the population of {town} fell from {n2} to {n1}.",
        "Entre {year} y {year2}, la población de {town} pasó de {n2} a {n1} habitantes.",
        "Entre {year} et {year2}, la population de {town} est passée de {n2} à {n1} habitants.",
    ),
    (
        "The trains to {town} will run again from {date}, {org} announced.",
        "Los trenes a {town} volverán a circular a partir del {date}, anunció {org}.",
        "Les trains vers {town} circuleront de nouveau à partir du {date}, a annoncé {org}.",
    ),
    (
        "{role2_c}, {p2}, visited the area on {wday} with a team of {n3} experts.",
        "{role2_c}, {p2}, visitó la zona el {wday} con un equipo de {n3} expertos.",
        "{role2_c}, {p2}, s'est rendu sur place {wday} avec une équipe de {n3} experts.",
    ),
    (
        "Nearly {pct} of the {group} surveyed said they trusted {org}.",
        "Casi el {pct} de los {group} encuestados dijo confiar en {org}.",
        "Près de {pct} des {group} interrogés ont dit faire confiance à {org}.",
    ),
    (
        "In an interview published on {date}, {p1} went further: {q}.",
        "En una entrevista publicada el {date}, {p1} fue más allá: {q}.",
        "Dans un entretien publié le {date}, {p1} est allé plus loin{colon} {q}.",
    ),
    (
        "The river peaked at {dec} metres, just below the record set in {year}.",
        "El río alcanzó un máximo de {dec} metros, justo por debajo del récord de {year}.",
        "La rivière a culminé à {dec} mètres, juste sous le record de {year}.",
    ),
    (
        "Officials have not said how many {group} are still missing.",
        "Las autoridades no han dicho cuántos {group} siguen desaparecidos.",
        "Les autorités n'ont pas précisé combien de {group} sont toujours portés disparus.",
    ),
    (
        "{org_c} will hold a public hearing in {town} on {date} at {hh}.",
        "{org_c} celebrará una audiencia pública en {town} el {date} a las {hh}.",
        "{org_c} tiendra une audience publique à {town} le {date} à {hh}.",
    ),
    (
        "Some {group} blamed the delays on a dispute between {s1} and {org}.",
        "Algunos {group} atribuyeron los retrasos a una disputa entre {s1} y {org}.",
        "Certains {group} ont attribué les retards à un différend entre {s1} et {org}.",
    ),
    (
        "About {n3} soldiers were sent to {town} to help clear the streets.",
        "Unos {n3} soldados fueron enviados a {town} para ayudar a despejar las calles.",
        "Environ {n3} soldats ont été envoyés à {town} pour aider à dégager les rues.",
    ),
    (
        "It was the worst week for {town} since {event} of {year}.",
        "Fue la peor semana para {town} desde {event} de {year}.",
        "Ce fut la pire semaine pour {town} depuis {event} de {year}.",
    ),
)


# Article contractions after slot filling ("de el puente" -> "del puente").
CONTRACTIONS = {
    "es": ((" de el ", " del "), (" a el ", " al ")),
    "fr": ((" de le ", " du "), (" de les ", " des "), (" à le ", " au "), (" à les ", " aux ")),
}


@dataclass(frozen=True)
class Story:
    p1: str
    p2: str
    town: str
    org: int
    role1: int
    role2: int
    thing: int
    group: int
    event: int
    quotes: tuple[int, ...]
    tails: tuple[int, ...]  # QUOTE_TAILS index per quotation


def _fmt_int(n: int, lang: str) -> str:
    if n < 10000 and lang == "es":  # Spanish style usually writes 4-digit numbers unseparated
        return str(n)
    s = f"{n:,}"
    if lang == "es":
        return s.replace(",", ".")
    if lang == "fr":
        return s.replace(",", NNBSP)
    return s


def _fmt_dec(x: float, lang: str) -> str:
    s = f"{x:.1f}"
    return s if lang == "en" else s.replace(".", ",")


def _fmt_pct(p: int, lang: str) -> str:
    return f"{p}%" if lang == "en" else f"{p}{NNBSP}%" if lang == "fr" else f"{p} %"


def _fmt_date(day: int, month: int, lang: str) -> str:
    m = MONTHS[month][LANGS.index(lang)]
    if lang == "en":
        return f"{m} {day}"
    if lang == "es":
        return f"{day} de {m}"
    return f"{'1er' if day == 1 else day} {m}"


def _fmt_time(h: int, m: int, lang: str) -> str:
    if lang == "en":
        return f"{h}:{m:02d}"
    if lang == "es":
        return f"{h}:{m:02d}"
    return f"{h} h {m:02d}"


def _quote(text: str, lang: str) -> str:
    if lang == "en":
        return f"\u201c{text}\u201d"
    if lang == "es":
        return f"\u00ab{text}\u00bb"
    return f"\u00ab{NBSP}{text}{NBSP}\u00bb"


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _story(rng: random.Random) -> Story:
    given = rng.sample(GIVEN, 2)
    sur = rng.sample(SURNAMES, 2)
    return Story(
        p1=f"{given[0]} {sur[0]}",
        p2=f"{given[1]} {sur[1]}",
        town=rng.choice(TOWNS),
        org=rng.randrange(len(ORGS)),
        role1=rng.randrange(len(ROLES)),
        role2=rng.randrange(len(ROLES)),
        thing=rng.randrange(len(THINGS)),
        group=rng.randrange(len(GROUPS)),
        event=rng.randrange(len(EVENTS)),
        quotes=tuple(rng.sample(range(len(QUOTES)), 5)),
        tails=tuple(rng.randrange(len(QUOTE_TAILS)) for _ in range(5)),
    )


def _sentence_slots(rng: random.Random, story: Story, qi: int) -> dict:
    """Numbers and dates for one sentence, shared by its three renderings."""
    return {
        "n1": rng.randint(12, 4800),
        "n2": rng.randint(1200, 98000),
        "n3": rng.randint(3, 480),
        "pct": rng.randint(3, 87),
        "dec": rng.randint(5, 95) / 10,
        "money": rng.randint(2, 640),
        "year": rng.randint(1952, 2019),
        "day": rng.randint(1, 28),
        "month": rng.randrange(12),
        "wday": rng.randrange(len(WEEKDAYS)),
        "hh": (rng.randint(6, 22), rng.choice((0, 15, 30, 45))),
        "qmonth": rng.randrange(12),
        "qn": rng.randint(20, 900),
        "q": qi,
    }


def _render(template: str, story: Story, slots: dict, lang: str) -> str:
    li = LANGS.index(lang)
    qslots = {
        "n": _fmt_int(slots["qn"], lang),
        "thing": THINGS[story.thing][li],
        "month": MONTHS[slots["qmonth"]][li],
        "group": GROUPS[story.group][li],
        "event": EVENTS[story.event][li],
        "town": story.town,
        "org": ORGS[story.org][li],
    }
    qtext = (
        QUOTES[slots["q"]][li].format(**qslots)
        + ", "
        + QUOTE_TAILS[slots["tail"]][li].format(**qslots)
    )
    values = {
        "p1": story.p1,
        "p2": story.p2,
        "s1": story.p1.split()[-1],
        "s2": story.p2.split()[-1],
        "Role1": _cap(ROLES[story.role1][li]),
        "role2": ROLES[story.role2][li],
        "role2_c": _cap(ROLES[story.role2][li]),
        "org": ORGS[story.org][li],
        "org_c": _cap(ORGS[story.org][li]),
        "town": story.town,
        "thing": THINGS[story.thing][li],
        "group": GROUPS[story.group][li],
        "event": EVENTS[story.event][li],
        "event_c": _cap(EVENTS[story.event][li]),
        "n1": _fmt_int(slots["n1"], lang),
        "n2": _fmt_int(slots["n2"], lang),
        "n3": _fmt_int(slots["n3"], lang),
        "pct": _fmt_pct(slots["pct"], lang),
        "dec": _fmt_dec(slots["dec"], lang),
        "money": _fmt_int(slots["money"], lang),
        "year": str(slots["year"]),
        "year2": str(min(slots["year"] + 7, 2024)),
        "date": _fmt_date(slots["day"], slots["month"], lang),
        "wday": WEEKDAYS[slots["wday"]][li],
        "hh": _fmt_time(*slots["hh"], lang),
        "q": _quote(qtext, lang),
        "colon": f"{NNBSP}:",
    }
    out = template.format(**values)
    for a, b in CONTRACTIONS.get(lang, ()):
        out = out.replace(a, b)
    if lang == "fr":
        out = out.replace(f"{NNBSP}:{NNBSP}", f"{NNBSP}:")
    return _cap(out)


def story_articles(seed: int, index: int) -> dict[str, str]:
    """The three renderings (en, es, fr) of story ``index``."""
    rng = random.Random(f"{seed}:{index}")
    story = _story(rng)
    target = rng.randint(602, 655)
    order = list(range(len(SENTENCES)))
    rng.shuffle(order)
    paragraphs: dict[str, list[list[str]]] = {lang: [[]] for lang in LANGS}
    words = dict.fromkeys(LANGS, 0)
    k = 0
    while min(words.values()) < target:
        ti = order[k % len(order)]
        k += 1
        qpos = k % len(story.quotes)
        slots = _sentence_slots(rng, story, story.quotes[qpos])
        slots["tail"] = story.tails[qpos]
        new_para = len(paragraphs["en"][-1]) >= rng.randint(2, 5)
        for li, lang in enumerate(LANGS):
            s = _render(SENTENCES[ti][li], story, slots, lang)
            if new_para:
                paragraphs[lang].append([])
            paragraphs[lang][-1].append(s)
            words[lang] += len(s.split())
    headline = {
        "en": f"{_cap(EVENTS[story.event][0])} in {story.town}: {story.p1} under pressure",
        "es": f"{_cap(EVENTS[story.event][1])} en {story.town}: {story.p1}, bajo presión",
        "fr": f"{_cap(EVENTS[story.event][2])} à {story.town}{NNBSP}: {story.p1} sous pression",
    }
    return {
        lang: headline[lang] + "\n\n" + "\n\n".join(" ".join(p) for p in paragraphs[lang]) + "\n"
        for lang in LANGS
    }


def generate(outdir: Path, n: int, seed: int = 1) -> list[Path]:
    """Write ``n`` articles (stories in en, es, fr in turn) to ``outdir``; return their paths."""
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    story = 0
    while len(written) < n:
        texts = story_articles(seed, story)
        for lang in LANGS:
            if len(written) >= n:
                break
            path = outdir / f"s{story:05d}_{lang}.txt"
            path.write_text(texts[lang], encoding="utf-8")
            written.append(path)
        story += 1
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir", type=Path)
    ap.add_argument("-n", type=int, default=1000, help="number of articles")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    paths = generate(args.outdir, args.n, args.seed)
    words = [len(p.read_text(encoding="utf-8").split()) for p in paths]
    print(
        f"wrote {len(paths)} articles to {args.outdir} "
        f"(words per article: min {min(words)}, mean {sum(words) // len(words)}, max {max(words)})",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
