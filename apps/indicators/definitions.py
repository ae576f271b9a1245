"""What each indicator counts, in the words the pages, the exports and the committee report use.

One place, so that a figure's definition on the page and in the PDF cannot drift from what the
computation does (``apps.indicators.compute`` computes exactly these keys)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# A cell counting fewer children than this is suppressed (and so is any cell from which it
# could be recovered through a total). See apps/indicators/suppression.py.
SUPPRESSION_THRESHOLD = 5

# The rule as the pages, the exports and the committee report state it: the same words as the
# suppression module applies.
SUPPRESSION_RULE = _(
    "Ingen uppgift visas som bygger på färre än fem barn. En andel visas inte heller när "
    "färre än fem räknas som ja eller färre än fem som nej, eftersom den då säger något om "
    "varje enskilt barn. Så att ett dolt värde inte kan räknas fram ur en summa döljs "
    "dessutom, i varje rad och kolumn där bara ett värde är dolt, det näst minsta värdet: "
    "mellan områdena och totalen, mellan verksamhetstyperna och alla verksamheter, och "
    "mellan kommunerna och länet. Dolda värden visas som prickar, aldrig som noll."
)

# The categories of the "days" indicators: each is stored as two cells.
DAY_STATISTICS = {"median": _("Median"), "p90": _("90:e percentil")}

# How a wheel area's rating moved between a case's first and latest mapping; each cell of
# "wheel_movement" has the category "<area>:<movement>" (see movement_category).
MOVEMENTS = {
    "better": _("bättre"),
    "same": _("oförändrad"),
    "worse": _("sämre"),
    "unknown": _("kan inte jämföras (vet inte)"),
}


def movement_category(area: str, movement: str) -> str:
    return f"{area}:{movement}"


@dataclass(frozen=True)
class Indicator:
    key: str
    title: str
    definition: str
    # "count" (children), "days" (median and 90th percentile), or "share" (0 to 1).
    unit: str


INDICATORS = [
    Indicator(
        "concerns_by_area",
        _("Oro per område i hjulet"),
        _(
            "Antal barn med minst en registrerad oro under perioden, per område i hjulet som "
            "oron gällde. Ett barn räknas en gång per område."
        ),
        "count",
    ),
    Indicator(
        "concerns_by_source",
        _("Oro per källa"),
        _(
            "Antal barn med minst en registrerad oro under perioden, per källa (egen "
            "verksamhet, annan verksamhet, vårdnadshavare, barnet självt)."
        ),
        "count",
    ),
    Indicator(
        "days_to_mapping",
        _("Dagar från oro till kartläggning"),
        _(
            "Dagar från ärendets första oro till dess första kartläggning, för ärenden vars "
            "första kartläggning gjordes under perioden: median och 90:e percentil. Ärenden "
            "där kartläggningen gjordes före den första oron räknas inte."
        ),
        "days",
    ),
    Indicator(
        "days_to_analysis",
        _("Dagar från oro till analys"),
        _(
            "Dagar från ärendets första oro till dess första analys, för ärenden vars första "
            "analys gjordes under perioden: median och 90:e percentil. Ärenden där analysen "
            "gjordes före den första oron räknas inte."
        ),
        "days",
    ),
    Indicator(
        "days_to_first_meeting",
        _("Dagar från oro till första samverkansmöte"),
        _(
            "Dagar från ärendets första oro till dess första genomförda samverkansmöte, för "
            "ärenden vars första möte hölls under perioden: median och 90:e percentil. Ärenden "
            "där mötet hölls före den första oron räknas inte."
        ),
        "days",
    ),
    Indicator(
        "agreed_sip_share",
        _("Samverkan som ledde till en överenskommen SIP"),
        _(
            "Andel av de barn vars första samverkansmöte hölls under perioden som har en "
            "överenskommen SIP."
        ),
        "share",
    ),
    Indicator(
        "follow_ups_on_time_share",
        _("Uppföljningar i tid"),
        _(
            "Andel av de överenskomna planernas uppföljningar, planerade till ett datum under "
            "perioden, som hölls senast på det planerade datumet. En uppföljning vars datum "
            "ännu inte har passerat räknas först när den har hållits; en planversion som "
            "ersattes före sin uppföljning räknas inte."
        ),
        "share",
    ),
    Indicator(
        "wheel_movement",
        _("Resultat för barnet: förändring i hjulet"),
        _(
            "För ärenden med minst två kartläggningar, där den senaste gjordes under perioden: "
            "antal barn vars bedömning av området blev bättre, oförändrad eller sämre mellan "
            "den första och den senaste kartläggningen. Var området bedömt som Vet inte i "
            "någon av dem räknas barnet som att förändringen inte kan jämföras."
        ),
        "count",
    ),
    Indicator(
        "coordinator_child_wish_share",
        _("Samordnare som barnet själv önskade"),
        _(
            "Andel av planerna som fick samordnare under perioden där samordnaren är den som "
            "barnet själv önskade."
        ),
        "share",
    ),
    Indicator(
        "consents_withdrawn",
        _("Återkallade samtycken"),
        _("Antal barn vars samtycke helt eller delvis återkallades under perioden."),
        "count",
    ),
    Indicator(
        "handovers",
        _("Överlämningar vid övergångar"),
        _(
            "Antal barn vars ärende under perioden lämnades över till verksamheten i barnets "
            "nästa skede (totalt), och hur överlämningarna besvarades: mottagna, avböjda, "
            "återkallade av den som lämnade över, eller ännu utan svar. Räknas hos den "
            "lämnande verksamhetens kommun och typ, efter dagen överlämningen skickades."
        ),
        "count",
    ),
    Indicator(
        "handovers_accepted_share",
        _("Överlämningar som togs emot"),
        _(
            "Andel av de överlämningar som skickades under perioden och har besvarats som "
            "togs emot av den mottagande verksamheten. Återkallade överlämningar och "
            "överlämningar som ännu väntar på svar räknas inte."
        ),
        "share",
    ),
    Indicator(
        "skolfam_movement",
        _("Skolfam: förändring mellan kartläggningarna"),
        _(
            "För familjehemsplacerade barn i kommunens Skolfam-grupp vars senaste kartläggning "
            "gjordes under perioden och som kartlagts minst en gång före den: antal barn vars "
            "nivå i området blev bättre, oförändrad eller sämre jämfört med kartläggningen "
            "före. Bara kommuner som deltar i Skolfam."
        ),
        "count",
    ),
]

INDICATORS_BY_KEY = {indicator.key: indicator for indicator in INDICATORS}
