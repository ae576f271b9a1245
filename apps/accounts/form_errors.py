"""The error summary at the top of every form page: each error once, in words, linked to the
field it belongs to, so nobody has to hunt for what to fix (and a screen reader hears it all).
"""


def error_items(form, *, prefix: str = "") -> list[tuple[str, str]]:
    """(anchor, text) for each error of a Django form. ``prefix`` names the part of a page
    made of several forms that the form is (an area of the wheel, a row of actions)."""

    def text(*parts) -> str:
        return " – ".join(str(part) for part in parts if part)

    items = [("", text(prefix, error)) for error in form.non_field_errors()]
    for field in form:
        items.extend((field.auto_id, text(prefix, field.label, error)) for error in field.errors)
    return items
