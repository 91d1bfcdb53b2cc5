"""Language data tables for the extractors: general linguistic knowledge only.

Abbreviations, titles, sentence openers, speech verbs, number words and
quantity qualifiers per language (ISO 639-1). Nothing here is about a particular story.
Every table is keyed by language; ``"*"`` entries apply to every language.
"""

from __future__ import annotations

from functools import cache

from transcheck.languages import month_names, weekday_names


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ---------------------------------------------------------------- sentence splitting

# Abbreviations (lowercase, without the final dot) after which a full stop never ends a sentence.
ABBREVIATIONS: dict[str, frozenset[str]] = {
    "*": _words(
        "mr mrs ms dr prof st sr sra srta mme mlle mm dra gen gov sen rep col lt sgt capt cmdr "
        "adm maj rev hon pres vs approx dept est fig vol ch art pp no nos nr tel ca cf "
        "e.g i.e a.m p.m"
    ),
    "en": _words("jan feb mar apr jun jul aug sep sept oct nov dec mt ft ave blvd rd"),
    "es": _words("d dña ud uds lic ing arq excmo excma av avda pág núm cía admón dr dra"),
    "fr": _words("m mm mgr me pr dr av bd env p"),
    "pt": _words("sr sra srs dr dra exmo exma av pág eng prof profa"),
    "it": _words("sig sigg dott dott.ssa ing avv on prof geom arch"),
    "de": _words("hr fr nr bzw z.b u.a d.h vgl ca dr prof str evtl sog usw"),
    "ru": _words("г гг т.е т.д т.п им ул д"),
}

# Abbreviations that often do end a sentence: split after them only if the next word is a
# common sentence opener (``Apple Inc. said`` vs ``bought by Apple Inc. The deal``).
WEAK_ABBREVIATIONS: frozenset[str] = _words("etc inc ltd co corp jr plc llc sa bros")

# Capitalised words that commonly open a sentence (lowercase). Used both by the sentence
# splitter (weak abbreviations) and the name finder (sentence-initial common words).
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "a an the this that these those there here it its he she they we you i his her their "
        "our my your him them us me who whom whose which what when where why how if then "
        "and but or nor so yet for of in on at by to from with without about after before "
        "during since until while although though because as also however meanwhile "
        "moreover furthermore nevertheless nonetheless instead still thus therefore hence "
        "yesterday today tonight tomorrow now later earlier last next some many most much "
        "more few several all any both each every no not none one two three first second "
        "third other another such only even just once again asked speaking according "
        "police officials authorities residents witnesses critics analysts experts "
        "protesters sources reports report news people government ministers minister "
        "president mayor spokesman spokeswoman spokesperson prosecutors investigators "
        "troops soldiers security local under over into through between among against "
        "despite following amid across along around behind beyond near within do does did "
        "is are was were be been being has have had will would can could should may might "
        "must shall let please yes thanks thank dear breaking update updated photo video "
        "read see watch click share follow former late new acting interim outgoing because "
        "just very throughout others someone something everyone everybody nobody nothing "
        "anyone whether unlike like whatever whoever perhaps maybe indeed instead overall "
        "already almost always never often sometimes recently currently initially finally "
        "why what's it's that's there's here's i'm i've we're they're he's she's don't "
        "part parts weeks days months years hours minutes people's"
    ),
    "es": _words(
        "el la los las un una unos unas lo al del de en con por para sin sobre entre hacia "
        "desde hasta según tras durante ante bajo y e o u ni pero sino aunque porque pues "
        "como cuando donde que quien quienes cual cuales este esta estos estas ese esa esos "
        "esas aquel aquella esto eso ello él ella ellos ellas nosotros usted ustedes yo tú "
        "su sus mi mis tu tus nuestro nuestra se le les me nos no sí ya también tampoco "
        "además sin embargo mientras entonces así hoy ayer mañana ahora luego después antes "
        "todos todas todo toda muchos muchas algunos algunas otro otra otros otras cada "
        "varios varias ambos primero primera segundo segunda dos tres la policía gobierno "
        "autoridades fuentes vecinos testigos expertos analistas críticos manifestantes "
        "fiscales presidente ministro ministra alcalde portavoz es son fue fueron era eran "
        "ha han había habían hay será serán está están estaba estaban tiene tienen dijo "
        "asimismo finalmente incluso aun aún quizás quizá tal lejos cerca vaya creo creemos "
        "estamos somos estoy soy tenemos hemos hay fue sí no nunca siempre alguien nadie algo "
        "nada cualquier otros otras ojalá gracias pese respecto"
    ),
    "fr": _words(
        "le la les l un une des du de d au aux en dans sur sous par pour avec sans entre "
        "vers chez depuis pendant avant après selon malgré contre et ou mais donc or ni car "
        "que qui quoi dont où quand comme si ce cet cette ces ceci cela ça il elle ils elles "
        "on nous vous je tu se sa son ses leur leurs mon ma mes ton ta tes notre votre nos "
        "vos lui eux y ne pas plus aussi ainsi alors puis encore déjà toujours jamais "
        "cependant pourtant toutefois néanmoins enfin ensuite hier aujourd demain "
        "maintenant tous toutes tout toute plusieurs certains certaines chaque autre autres "
        "beaucoup peu la police gouvernement autorités sources habitants témoins experts "
        "analystes critiques manifestants procureur président ministre maire porte-parole "
        "est sont était étaient a ont avait avaient sera seront fait voici voilà outre "
        "mais selon lors bien afin quelques quelqu quelqu’un quelqu'un oui non personne rien "
        "nous sommes je suis avons sommes c’est c'est voilà malgré grâce pourquoi comment "
        "jamais toujours souvent parfois tandis"
    ),
    "pt": _words(
        "o a os as um uma uns umas do da dos das no na nos nas ao aos à às de em com por "
        "para sem sobre entre até desde após durante segundo conforme e ou mas porém "
        "contudo todavia que quem qual quais quando onde como se este esta estes estas esse "
        "essa esses essas aquele aquela isto isso ele ela eles elas nós você vocês eu seu "
        "sua seus suas meu minha não sim já também ainda além assim hoje ontem amanhã agora "
        "depois antes todos todas todo toda muitos muitas alguns algumas outro outra outros "
        "outras cada vários várias ambos polícia governo autoridades fontes moradores "
        "testemunhas especialistas analistas presidente ministro ministra prefeito "
        "porta-voz é são foi foram era eram tem têm há será serão está estão"
    ),
    "it": _words(
        "il lo la i gli le un uno una del dello della dei degli delle al allo alla ai agli "
        "alle dal dallo dalla dai dagli dalle nel nello nella nei negli nelle sul sullo "
        "sulla sui sugli sulle di a da in con su per tra fra secondo durante dopo prima e "
        "ed o ma però anche che chi cui quale quali quando dove come se questo questa "
        "questi queste quello quella quelli quelle lui lei loro noi voi io tu suo sua suoi "
        "sue mio mia non sì già ancora inoltre tuttavia quindi così oggi ieri domani ora "
        "poi tutti tutte tutto tutta molti molte alcuni alcune altro altra altri altre "
        "ogni vari varie entrambi polizia governo autorità fonti residenti testimoni "
        "esperti analisti presidente ministro ministra sindaco portavoce è sono era erano "
        "ha hanno aveva avevano sarà saranno sta stanno"
    ),
    "de": _words(
        "der die das den dem des ein eine einen einem einer eines und oder aber doch sondern "
        "denn weil dass daß wenn als ob wie wo was wer wen wem wessen welche welcher welches "
        "dieser diese dieses diesen jener jene er sie es wir ihr ich du man sein seine ihre "
        "ihren unser unsere mein meine nicht kein keine auch noch schon bereits jedoch "
        "trotzdem dennoch deshalb daher also dann danach davor heute gestern morgen jetzt "
        "nun alle viele einige andere jeder jede jedes beide im in am an auf aus bei mit "
        "nach seit von vor zu zum zur über unter zwischen durch für gegen ohne um laut "
        "während trotz wegen ist sind war waren hat haben hatte hatten wird werden wurde "
        "wurden kann können soll sollen muss müssen polizei regierung behörden"
    ),
    "el": _words(
        "ο η το οι τα τον την του της των ένας μια μία ένα και αλλά ή σε στο στη στην στον "
        "στα στους από με για κατά μετά πριν όταν αν ότι που αυτός αυτή αυτό αυτοί χθες "
        "σήμερα αύριο τώρα επίσης όμως"
    ),
    "ru": _words(
        "в во на с со к ко по о об от до из за для без при про через под над и а но или "
        "что чтобы как когда где кто который которая которые это этот эта эти тот та те "
        "он она они мы вы я его ее её их наш ваш не ни же ли уже еще ещё также тоже однако "
        "поэтому потом сегодня вчера завтра сейчас все всё весь вся многие некоторые "
        "другие каждый по словам полиция правительство власти если очень конечно почему "
        "тогда да нет думаю думаем считаю бывший нынешний нынешняя прошло пятеро двое трое "
        "четверо однако впрочем кроме помимо после перед между среди также поэтому хотя "
        "пока теперь здесь там вот ведь именно лишь только даже может можно нужно надо "
        "был была было были будет будут есть частично следуя согласно несмотря благодаря"
    ),
}

# Titles that may precede a name but are not part of it (lowercase, without dots).
TITLES: frozenset[str] = _words(
    "mr mrs ms miss mx dr prof professor sir dame lord lady king queen prince princess pope "
    "president vice prime minister chancellor secretary senator sen rep representative "
    "governor gov mayor general gen colonel col captain capt lieutenant lt sergeant sgt "
    "admiral commander judge justice ambassador chairman chairwoman chair chief director "
    "inspector officer detective father rev reverend bishop archbishop cardinal sheikh "
    "emir sultan ayatollah rabbi imam saint st deputy spokesman spokeswoman spokesperson "
    "pm mp lawyer attorney coach manager ceo "
    "señor señora señorita sr sra srta don doña dña presidente presidenta ministro ministra "
    "canciller secretario secretaria senador senadora diputado diputada gobernador "
    "gobernadora alcalde alcaldesa general coronel capitán juez jueza embajador embajadora "
    "rey reina príncipe princesa papa santo santa san fiscal portavoz doctor doctora "
    "monsieur madame mademoiselle m mme mlle mm me maître président présidente ministre "
    "chancelier secrétaire sénateur sénatrice député députée gouverneur maire général "
    "colonel capitaine juge ambassadeur ambassadrice roi reine prince princesse pape saint "
    "sainte procureur porte-parole senhor senhora sr sra dr dra presidente ministro "
    "deputado deputada governador prefeito embaixador rei rainha signor signore signora "
    "sig dott dottore dottoressa ministro presidente sindaco onorevole on senatore "
    "herr frau dr prof präsident präsidentin minister ministerin kanzler kanzlerin "
    "bundeskanzler bundeskanzlerin bürgermeister bürgermeisterin господин госпожа "
    "президент министр премьер-министр генерал"
)

# Name particles: lowercase words allowed inside a name when followed by a capitalised word.
NAME_PARTICLES: frozenset[str] = _words(
    "de del della delle der den des di da das do dos du la le lo van von vom zu ter ten "
    "bin ibn bint al el ul ud af av zum zur st"
)

# Lowercase prefixes joined by a hyphen to a capitalised part (al-Baghdadi, el-Sisi).
HYPHEN_PARTICLES: frozenset[str] = _words("al el ul ad ar as at az ash an bin ibn abu ben")

# Elided articles/prepositions before a capitalised word (l'État, d'Emmanuel, dell'Italia).
ELIDED_PREFIXES: frozenset[str] = _words(
    "l d j qu n s c m t lorsqu puisqu jusqu dell all nell sull dall coll un quell"
)

# Month and weekday names (CLDR) are in ``transcheck.languages``; for name trimming "Jan",
# "Mar", "Apr" ... are left out: they are names or words too.
_NAMES_TOO = _words("jan mar apr jun jul")


@cache
def months_days() -> frozenset[str]:
    """Month and weekday names that are never part of a person's or place's name."""
    return (month_names() - _NAMES_TOO) | weekday_names()


# ---------------------------------------------------------------- speech attribution

# Speech verbs as they appear next to a quotation (lowercase; multi-word forms allowed).
SPEECH_VERBS: dict[str, tuple[str, ...]] = {
    "en": tuple(
        (
            "said says say told tells tell added adds stated states declared declares "
            "announced announces explained explains insisted insists warned warns claimed "
            "claims asked asks replied replies responded wrote writes noted notes argued "
            "argues continued recalled stressed stresses urged admitted acknowledged "
            "confirmed denied shouted cried whispered tweeted posted suggested concluded "
            "remarked observed commented conceded maintained promised vowed pledged "
            "recounted reiterated emphasised emphasized affirmed asserted"
        ).split()
    ),
    "es": tuple(
        (
            "dijo dice dicen dijeron afirmó afirma afirmaron declaró declara declararon "
            "aseguró asegura aseguraron señaló señala señalaron explicó explica explicaron "
            "añadió añade agregó agrega indicó indica advirtió advierte sostuvo sostiene "
            "manifestó manifiesta subrayó subraya insistió insiste precisó precisa comentó "
            "comenta respondió responde preguntó pregunta escribió escribe anunció anuncia "
            "reconoció reconoce admitió admite denunció denuncia expresó expresa recalcó "
            "recordó destacó destaca apuntó apunta afirmaba decía contó cuenta relató "
            "prometió concluyó zanjó enfatizó remarcó alertó exclamó gritó tuiteó "
            "dicho afirmado declarado asegurado señalado explicado añadido agregado "
            "indicado advertido sostenido manifestado subrayado insistido precisado "
            "comentado respondido escrito anunciado reconocido admitido denunciado"
        ).split()
    ),
    "fr": tuple(
        (
            "dit disent déclare déclarent affirme affirment assure assurent ajoute ajoutent "
            "explique expliquent souligne soulignent indique indiquent avertit précise "
            "précisent estime estiment insiste martèle lance lancent répond répondent confie "
            "reconnaît annonce écrit rappelle déplore dénonce poursuit conclut prévient "
            "raconte tranche exclame exclamé "
            "déclaré affirmé assuré ajouté expliqué souligné indiqué averti précisé estimé "
            "insisté martelé lancé répondu confié reconnu annoncé rappelé déploré dénoncé "
            "poursuivi conclu prévenu raconté tranché"
        ).split()
    ),
    "pt": tuple(
        (
            "disse diz dizem disseram afirmou afirma afirmaram declarou declara garantiu "
            "garante explicou explica acrescentou acrescenta sublinhou sublinha destacou "
            "destaca salientou salienta referiu refere indicou indica alertou alerta "
            "advertiu adverte frisou frisa escreveu escreve respondeu responde perguntou "
            "pergunta anunciou anuncia reconheceu admitiu denunciou contou afirmava dizia "
            "dito afirmado declarado explicado"
        ).split()
    ),
    "it": tuple(
        (
            "detto dice dicono disse afferma affermato dichiara dichiarato aggiunge aggiunto "
            "spiega spiegato sottolinea sottolineato precisa precisato assicura assicurato "
            "avverte avvertito scrive scritto risponde risposto annuncia annunciato ammette "
            "ammesso denuncia denunciato ribadisce ribadito osserva osservato conclude "
            "concluso racconta raccontato"
        ).split()
    ),
    "de": tuple(
        (
            "sagte sagt sagten sagen erklärte erklärt betonte betont meinte meint warnte warnt "
            "schrieb schreibt antwortete antwortet fügte kündigte versicherte versichert "
            "bekräftigte räumte forderte fordert kritisierte kritisiert erzählte berichtete "
            "gesagt erklärt betont gelobte gelobt versprach verspricht ergänzte ergänzt "
            "sagte er meinte er hieß heißt mahnte mahnt unterstrich unterstreicht"
        ).split()
    ),
    "ru": tuple(
        (
            "сказал сказала сказали заявил заявила заявили отметил отметила добавил добавила "
            "подчеркнул подчеркнула пояснил пояснила сообщил сообщила написал написала "
            "говорит говорят говорил говорила говорили утверждает утверждал утверждала "
            "заявляет отмечает отмечал считает считал подчеркивает подчёркивает добавляет "
            "сообщает рассказал рассказала рассказывает признал признала ответил ответила "
            "пообещал пообещала"
        ).split()
    ),
}

# Auxiliaries that may precede a participle speech verb (has said, ha dicho, a déclaré).
SPEECH_AUX: frozenset[str] = _words(
    "has had have ha han había habían a ont avait hat haben hanno ha"
)

# "according to X" style markers: the speaker follows.
ACCORDING_TO: tuple[str, ...] = (
    "according to",
    "según",
    "de acuerdo con",
    "selon",
    "d'après",
    "d’après",
    "segundo",
    "de acordo com",
    "secondo",
    "laut",
    "по словам",
)

# Markers right after a quotation that introduce its speaker ("„…“, so Patton").
AFTER_QUOTE_MARKERS: dict[str, tuple[str, ...]] = {"de": ("so",)}

# Pronoun subjects: attribution to "the last named speaker" rather than a new one.
PRONOUNS: frozenset[str] = _words(
    "he she they it we i él ella ellos ellas il elle ils elles on ele ela eles elas lui lei "
    "loro er sie wir он она они -t-il -t-elle -t-ils -t-elles t-il t-elle"
)

# Determiners that start a speaker noun phrase ("the minister", "el ministro").
SPEAKER_DETERMINERS: frozenset[str] = _words(
    "the a an his her their its el la los las un una su sus le les l' un une son sa ses "
    "leur o os as um uma seu sua il lo gli i der die das ein eine sein seine ihr ihre"
)

# ---------------------------------------------------------------- numbers

# Decimal and thousands separators per language: ``languages.decimal_comma`` and
# ``languages.space_thousands`` (CLDR number symbols).

PERCENT_WORDS: tuple[str, ...] = (
    "per cent",
    "percent",
    "por ciento",
    "pour cent",
    "por cento",
    "per cento",
    "prozent",
    "procent",
    "процент*",
    "відсот*",
    "пайыз*",
)

QUALIFIERS: dict[str, tuple[str, ...]] = {
    "over": (
        "more than",
        "over",
        "at least",
        "upwards of",
        "in excess of",
        "no fewer than",
        "no less than",
        "más de",
        "al menos",
        "por lo menos",
        "como mínimo",
        "plus de",
        "au moins",
        "au-delà de",
        "mais de",
        "pelo menos",
        "no mínimo",
        "più di",
        "oltre",
        "almeno",
        "mehr als",
        "über",
        "mindestens",
        "более",
        "больше",
        "свыше",
        "не менее",
    ),
    "approx": (
        "about",
        "around",
        "nearly",
        "almost",
        "some",
        "approximately",
        "roughly",
        "an estimated",
        "close to",
        "estimated",
        "unos",
        "unas",
        "alrededor de",
        "cerca de",
        "casi",
        "aproximadamente",
        "en torno a",
        "environ",
        "près de",
        "quelque",
        "presque",
        "autour de",
        "approximativement",
        "quase",
        "perto de",
        "aproximadamente",
        "por volta de",
        "circa",
        "quasi",
        "intorno a",
        "etwa",
        "rund",
        "fast",
        "knapp",
        "ungefähr",
        "circa",
        "около",
        "почти",
        "примерно",
    ),
    "under": (
        "less than",
        "fewer than",
        "under",
        "up to",
        "below",
        "menos de",
        "hasta",
        "moins de",
        "jusqu'à",
        "jusqu’à",
        "meno di",
        "fino a",
        "weniger als",
        "bis zu",
        "unter",
        "менее",
        "меньше",
        "до",
    ),
}

# Written-out numbers: value of each unit word per language (lowercase).
NUMBER_UNITS: dict[str, dict[str, int]] = {
    "en": {
        "zero": 0,
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "thirteen": 13,
        "fourteen": 14,
        "fifteen": 15,
        "sixteen": 16,
        "seventeen": 17,
        "eighteen": 18,
        "nineteen": 19,
        "twenty": 20,
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
        "dozen": 12,
    },
    "es": {
        "uno": 1,
        "un": 1,
        "una": 1,
        "cero": 0,
        "dos": 2,
        "tres": 3,
        "cuatro": 4,
        "cinco": 5,
        "seis": 6,
        "siete": 7,
        "ocho": 8,
        "nueve": 9,
        "diez": 10,
        "once": 11,
        "doce": 12,
        "trece": 13,
        "catorce": 14,
        "quince": 15,
        "dieciséis": 16,
        "diecisiete": 17,
        "dieciocho": 18,
        "diecinueve": 19,
        "veinte": 20,
        "veintiuno": 21,
        "veintidós": 22,
        "veintitrés": 23,
        "veinticuatro": 24,
        "veinticinco": 25,
        "treinta": 30,
        "cuarenta": 40,
        "cincuenta": 50,
        "sesenta": 60,
        "setenta": 70,
        "ochenta": 80,
        "noventa": 90,
        "cien": 100,
        "ciento": 100,
        "doscientos": 200,
        "doscientas": 200,
        "trescientos": 300,
        "trescientas": 300,
        "cuatrocientos": 400,
        "quinientos": 500,
        "quinientas": 500,
        "seiscientos": 600,
        "setecientos": 700,
        "ochocientos": 800,
        "novecientos": 900,
        "docena": 12,
    },
    "fr": {
        "un": 1,
        "une": 1,
        "zéro": 0,
        "deux": 2,
        "trois": 3,
        "quatre": 4,
        "cinq": 5,
        "six": 6,
        "sept": 7,
        "huit": 8,
        "neuf": 9,
        "dix": 10,
        "onze": 11,
        "douze": 12,
        "treize": 13,
        "quatorze": 14,
        "quinze": 15,
        "seize": 16,
        "vingt": 20,
        "trente": 30,
        "quarante": 40,
        "cinquante": 50,
        "soixante": 60,
        "cent": 100,
        "cents": 100,
        "douzaine": 12,
    },
    "pt": {
        "um": 1,
        "uma": 1,
        "zero": 0,
        "dois": 2,
        "duas": 2,
        "três": 3,
        "quatro": 4,
        "cinco": 5,
        "seis": 6,
        "sete": 7,
        "oito": 8,
        "nove": 9,
        "dez": 10,
        "onze": 11,
        "doze": 12,
        "treze": 13,
        "catorze": 14,
        "quinze": 15,
        "vinte": 20,
        "trinta": 30,
        "quarenta": 40,
        "cinquenta": 50,
        "sessenta": 60,
        "setenta": 70,
        "oitenta": 80,
        "noventa": 90,
        "cem": 100,
        "cento": 100,
        "duzentos": 200,
        "trezentos": 300,
        "quinhentos": 500,
        "dúzia": 12,
    },
    "it": {
        "uno": 1,
        "un": 1,
        "una": 1,
        "zero": 0,
        "due": 2,
        "tre": 3,
        "quattro": 4,
        "cinque": 5,
        "sei": 6,
        "sette": 7,
        "otto": 8,
        "nove": 9,
        "dieci": 10,
        "undici": 11,
        "dodici": 12,
        "venti": 20,
        "trenta": 30,
        "quaranta": 40,
        "cinquanta": 50,
        "sessanta": 60,
        "settanta": 70,
        "ottanta": 80,
        "novanta": 90,
        "cento": 100,
        "duecento": 200,
        "trecento": 300,
        "dozzina": 12,
    },
    "de": {
        "ein": 1,
        "eine": 1,
        "eins": 1,
        "null": 0,
        "zwei": 2,
        "drei": 3,
        "vier": 4,
        "fünf": 5,
        "sechs": 6,
        "sieben": 7,
        "acht": 8,
        "neun": 9,
        "zehn": 10,
        "elf": 11,
        "zwölf": 12,
        "zwanzig": 20,
        "dreißig": 30,
        "vierzig": 40,
        "fünfzig": 50,
        "hundert": 100,
        "dutzend": 12,
    },
}

NUMBER_UNITS["ru"] = {
    w: v
    for v, forms in {
        2: "два две двух двум двумя",
        3: "три трёх трех трем трём тремя",
        4: "четыре четырёх четырех четырем четырём четырьмя",
        5: "пять пяти пятью",
        6: "шесть шести шестью",
        7: "семь семи семью",
        8: "восемь восьми восемью",
        9: "девять девяти девятью",
        10: "десять десяти десятью",
        11: "одиннадцать",
        12: "двенадцать",
        15: "пятнадцать",
        20: "двадцать двадцати",
        30: "тридцать тридцати",
        40: "сорок сорока",
        50: "пятьдесят пятидесяти",
        100: "сто ста",
        200: "двести двухсот",
        300: "триста трехсот трёхсот",
        500: "пятьсот пятисот",
    }.items()
    for w in forms.split()
}
NUMBER_UNITS["kk"] = {
    "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8, "тоғыз": 9,
    "он": 10, "жиырма": 20, "отыз": 30, "қырық": 40, "елу": 50, "алпыс": 60, "жетпіс": 70,
    "сексен": 80, "тоқсан": 90, "жүз": 100,
}  # fmt: skip

# Scale words: multiply what precedes (lowercase).
NUMBER_SCALES: dict[str, dict[str, int]] = {
    "en": {
        "hundred": 100,
        "thousand": 1_000,
        "million": 1_000_000,
        "millions": 1_000_000,
        "billion": 1_000_000_000,
        "billions": 1_000_000_000,
        "trillion": 10**12,
        "bn": 1_000_000_000,
        "m": 1_000_000,
        "k": 1_000,
        "mn": 1_000_000,
    },
    "es": {
        "mil": 1_000,
        "millón": 1_000_000,
        "millones": 1_000_000,
        "billón": 10**12,
        "billones": 10**12,
        "mil millones": 1_000_000_000,
        "millardos": 1_000_000_000,
    },
    "fr": {
        "mille": 1_000,
        "million": 1_000_000,
        "millions": 1_000_000,
        "milliard": 1_000_000_000,
        "milliards": 1_000_000_000,
    },
    "pt": {
        "mil": 1_000,
        "milhão": 1_000_000,
        "milhões": 1_000_000,
        "milhares": 1_000,
        "bilhão": 1_000_000_000,
        "bilhões": 1_000_000_000,
        "bilião": 10**12,
        "biliões": 10**12,
        "mil milhões": 1_000_000_000,
    },
    "it": {
        "mille": 1_000,
        "mila": 1_000,
        "milione": 1_000_000,
        "milioni": 1_000_000,
        "miliardo": 1_000_000_000,
        "miliardi": 1_000_000_000,
    },
    "de": {
        "tausend": 1_000,
        "million": 1_000_000,
        "millionen": 1_000_000,
        "mio": 1_000_000,
        "milliarde": 1_000_000_000,
        "milliarden": 1_000_000_000,
        "mrd": 1_000_000_000,
    },
    # A trailing "*" marks a stem: any inflected form counts (миллионами, мыңнан).
    "ru": {
        "тыс": 1_000,
        "тысяч*": 1_000,
        "млн": 1_000_000,
        "миллион*": 1_000_000,
        "млрд": 1_000_000_000,
        "миллиард*": 1_000_000_000,
    },
    "uk": {
        "тис": 1_000,
        "тисяч*": 1_000,
        "млн": 1_000_000,
        "мільйон*": 1_000_000,
        "млрд": 1_000_000_000,
        "мільярд*": 1_000_000_000,
    },
    "kk": {
        "мың*": 1_000,
        "млн": 1_000_000,
        "миллион*": 1_000_000,
        "млрд": 1_000_000_000,
        "миллиард*": 1_000_000_000,
    },
}

# Words joining parts of a written-out number ("one hundred and five", "treinta y dos").
NUMBER_JOINERS: frozenset[str] = _words("and y e et und")

# Ordinal suffixes after digits (1st, 2nd, 1er, 2e, 2ème, 3º, 3ª, 2.º).
ORDINAL_SUFFIXES: tuple[str, ...] = (
    "st",
    "nd",
    "rd",
    "th",
    "er",
    "re",
    "ère",
    "e",
    "ème",
    "eme",
    "º",
    "ª",
    ".º",
    ".ª",
    # Russian / Ukrainian / Kazakh: 19-го, 3-й, 5-я, 2-ші, 10-шы
    "-го",
    "-й",
    "-я",
    "-е",
    "-ой",
    "-ом",
    "-ей",
    "-ий",
    "-ші",
    "-шы",
    "-інші",
    "-ыншы",
)

# ---------------------------------------------------------------- currencies

# Currency signs before (or after) a number and the ISO 4217 code they stand for. Longer
# signs are tried first ("US$" before "$"); a bare "$" is taken as US dollars.
CURRENCY_SIGNS: dict[str, str] = {
    "US$": "USD",
    "U$S": "USD",
    "R$": "BRL",
    "C$": "CAD",
    "CA$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "MX$": "MXN",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₽": "RUB",
    "₩": "KRW",
    "₺": "TRY",
}
# ISO 4217 codes recognised (upper case only) right before or after a number.
CURRENCY_CODES: frozenset[str] = _words(
    "USD EUR GBP JPY INR RUB BRL CAD AUD NZD CHF CNY HKD MXN KRW TRY ARS CLP COP ZAR"
)
# Currency words after a number (lowercase; "*" = any ending), all languages together:
# dollars, euros, pounds, yen, rupees, roubles, reais in en/es/fr/pt/it/de/ru. An empty code
# is money in a currency the word alone does not tell (pesos, francs).
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD",
    "dollars": "USD",
    "dólar": "USD",
    "dólares": "USD",
    "dollaro": "USD",
    "dollari": "USD",
    "доллар*": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "евро": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "libra": "GBP",
    "libras": "GBP",
    "livre": "GBP",
    "livres": "GBP",
    "sterlina": "GBP",
    "sterline": "GBP",
    "pfund": "GBP",
    "фунт*": "GBP",
    "yen": "JPY",
    "yens": "JPY",
    "ienes": "JPY",
    "iene": "JPY",
    "иен*": "JPY",
    "rupee": "INR",
    "rupees": "INR",
    "rupia": "INR",
    "rupias": "INR",
    "roupie": "INR",
    "roupies": "INR",
    "rupie": "INR",
    "рупи*": "INR",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "rublo": "RUB",
    "rublos": "RUB",
    "rubli": "RUB",
    "rubel": "RUB",
    "рубл*": "RUB",
    "reais": "BRL",
    "réis": "BRL",
    "yuan": "CNY",
    "yuanes": "CNY",
    "юан*": "CNY",
    # Names shared by several currencies: money, currency unknown.
    "peso": "",
    "pesos": "",
    "franc": "",
    "francs": "",
    "franco": "",
    "francos": "",
    "franchi": "",
    "dinar": "",
    "dinars": "",
    "dinares": "",
    "riyal": "",
    "riyals": "",
    "crowns": "",
    "coronas": "",
    "couronnes": "",
}
# A word that makes a currency word another country's ("Canadian dollars", "dólares
# canadienses", "dollars australiens"), before or after it.
CURRENCY_COUNTRY: dict[str, str] = {
    "canadian": "CAD",
    "canadiense": "CAD",
    "canadienses": "CAD",
    "canadien": "CAD",
    "canadiens": "CAD",
    "canadense": "CAD",
    "canadenses": "CAD",
    "canadesi": "CAD",
    "australian": "AUD",
    "australianos": "AUD",
    "australiens": "AUD",
    "australiani": "AUD",
    "kong": "HKD",
    "egyptian": "EGP",
    "egipcias": "EGP",
    "égyptiennes": "EGP",
    "hongkoneses": "HKD",
    "zealand": "NZD",
    "zelandeses": "NZD",
    "mexican": "MXN",
    "mexicanos": "MXN",
    "mexicains": "MXN",
    "argentine": "ARS",
    "argentinos": "ARS",
    "swiss": "CHF",
    "suizos": "CHF",
    "suisses": "CHF",
    "suíços": "CHF",
    "svizzeri": "CHF",
}
# Words after "pounds" / "libras" / "livres" that make them a weight, not money.
WEIGHT_AFTER: frozenset[str] = _words("of de d di weight")
