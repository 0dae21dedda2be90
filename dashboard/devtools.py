"""Drive a callback over HTTP exactly as the browser does (used by the app tests and the benchmark)."""

from __future__ import annotations

from typing import Any

from dash import Dash


def callback_key(app: Dash, first_output: str) -> str:
    """The callback_map key of the callback whose first output is ``first_output`` (e.g. ``map.figure``).

    A full key (with its ``@hash`` suffix for duplicate outputs) is returned as it is.
    """
    if first_output in app.callback_map:
        return first_output
    for key in app.callback_map:
        if first_of(key) == first_output:
            return key
    raise KeyError(first_output)


def first_of(key: str) -> str:
    """The first output of a callback key (``..a.b...c.d..`` or ``a.b@hash``): ``a.b``."""
    return key.strip(".").split("...")[0] if key.startswith("..") else key.split("@")[0]


def request_body(app: Dash, key: str, values: dict[str, Any], changed: list[str]) -> dict:
    """The JSON body of ``/_dash-update-component``; ``values`` maps ``id.property`` to a value."""
    spec = app.callback_map[key]
    return dependency_body(key, spec["inputs"], spec["state"], values, changed)


def dependency_body(key: str, inputs: list[dict], state: list[dict], values: dict[str, Any],
                    changed: list[str]) -> dict:
    """The same, from a callback's ``output`` key and its inputs and state as ``/_dash-dependencies`` lists them."""
    if key.startswith(".."):
        outputs: Any = [
            dict(zip(("id", "property"), o.split(".", 1), strict=True)) for o in key.strip(".").split("...")
        ]
    else:
        cid, prop = key.split("@")[0].split(".", 1)
        outputs = {"id": cid, "property": prop}
    return {
        "output": key,
        "outputs": outputs,
        "inputs": [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in inputs],
        "state": [{**s, "value": values.get(f"{s['id']}.{s['property']}")} for s in state],
        "changedPropIds": changed,
    }


def call(client, app: Dash, first_output: str, values: dict[str, Any], changed: list[str]):
    """POST one callback; returns the Flask response."""
    key = callback_key(app, first_output)
    return client.post("/_dash-update-component", json=request_body(app, key, values, changed))
