"""The exports say what the page says: the period, the area, every figure (a suppressed one as
a dash) and the suppression rule; the PDF adds each figure's definition and its chart. Nothing
in them is run as a formula by a spreadsheet."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.indicators.exports import guarded
from tests.factories.agencies import MunicipalityFactory
from tests.factories.indicators import FigureFactory, steering_member

pytestmark = pytest.mark.django_db

RULE = "färre än 5 barn, eller en cell som annars kunde räknas fram ur en summa"


def download(client, user, url_name, **params):
    client.force_login(user)
    response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    return response


def test_csv_opens_in_swedish_excel(client, steering_group, autumn):
    response = download(client, steering_group, "indicators:export_csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        'filename="indikatorer-hostterminen-2026-nykoping.csv"' in response["Content-Disposition"]
    )
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Period", "Höstterminen 2026"]
    assert rows[1] == ["Område", "Nyköping"]
    assert rows[2] == ["Typ av verksamhet", "Alla typer av verksamheter"]
    assert RULE in rows[3][0]
    header = rows.index(["Indikator", "Kategori", "Värde", "Enhet", "Antal barn"])
    figures = rows[header + 1 :]
    assert ["Oro per område i hjulet", "Hälsa", "12", "Antal barn", "12"] in figures
    assert ["Oro per område i hjulet", "Trygghet", "–", "Antal barn", "–"] in figures
    assert ["Dagar från oro till kartläggning", "Median", "14,5", "Dagar", "23"] in figures
    assert [
        "Samverkan som ledde till en överenskommen SIP",
        "Totalt",
        "63\u00a0%",
        "Andel",
        "16",
    ] in figures
    assert not any("777" in cell or "4242" in cell for row in rows for cell in row)


def test_excel_holds_numbers_and_the_definitions(client, steering_group, autumn):
    response = download(client, steering_group, "indicators:export_xlsx")

    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Indikatorer"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Period", "Höstterminen 2026", None, None, None]
    assert RULE in rows[3][0]
    assert ["Oro per område i hjulet", "Hälsa", 12, "Antal barn", 12] in rows
    assert ["Oro per område i hjulet", "Lärande", "–", "Antal barn", "–"] in rows
    share = next(row for row in sheet.iter_rows() if row[1].value == "Totalt")
    assert share[2].value == 0.625 and share[2].number_format == "0%"
    definitions = {row[0]: row[1] for row in workbook["Definitioner"].iter_rows(values_only=True)}
    assert definitions["Oro per område i hjulet"].startswith("Antal barn med minst en")
    assert RULE in definitions["Undertryckta värden"]


def test_the_committee_report_states_period_area_definitions_and_rule(
    client, steering_group, autumn
):
    response = download(client, steering_group, "indicators:report_pdf")

    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Indikatorer för barnens bästa – Nyköping" in text
    assert "Höstterminen 2026" in text
    assert "Oro per område i hjulet" in text
    assert "Dagar från ärendets första oro till dess första kartläggning" in text
    assert "färre än 5 barn" in text and "räknas fram ur en summa" in text
    assert "Hälsa" in text and "14,5" in text
    assert "Utskriven av Stina Styrgrupp" in text
    assert "4242" not in text and "777" not in text


def test_an_empty_report_says_nothing_is_computed(client, steering_group):
    response = download(client, steering_group, "indicators:report_pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Inga indikatorer är beräknade ännu." in " ".join(text.split())


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_a_text_a_spreadsheet_would_run_is_kept_as_text(text):
    assert guarded(text) == "'" + text


def test_a_municipality_named_like_a_formula_stays_text(client):
    formula = MunicipalityFactory(name='=HYPERLINK("http://evil.example","x")', code="0999")
    FigureFactory(municipality=formula)
    person = steering_member(formula)

    rows = list(
        csv.reader(
            io.StringIO(
                download(client, person, "indicators:export_csv").content.decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    assert rows[1] == ["Område", "'" + formula.name]
    workbook = load_workbook(io.BytesIO(download(client, person, "indicators:export_xlsx").content))
    cell = workbook["Indikatorer"]["B2"]
    assert cell.value == "'" + formula.name and cell.data_type == "s"
