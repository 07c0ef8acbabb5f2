"""Lesson 06's views driven headlessly: chart filters change the bars, the builder never raises."""

import base64
import csv
import html
import io
import math
import re

import plotly.graph_objects as go
import pytest
from glutelab import exercises as X
from glutelab import programme as P
from glutelab import strength_ui as U
from glutelab.progress import ProgressStore
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / "p.json")


@pytest.fixture
def chart():
    return U.ActivationChart()


@pytest.fixture
def builder(store):
    return U.ProgrammeBuilder(store=store)


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def bars(view, muscle):
    trace = view.figure.data[U.TRACES.index(muscle)]
    return list(trace.y), list(trace.x)


def decode_csv(link_html):
    match = re.search(r"href='data:text/csv;charset=utf-8;base64,([A-Za-z0-9+/=]+)'", link_html)
    assert match, link_html[:200]
    return base64.b64decode(match.group(1)).decode("utf-8")


# --- activation chart -----------------------------------------------------------------------


def test_chart_is_the_pages_one_figure_and_draws_every_measured_value(chart):
    figures = [w for w in _walk(chart.widget) if isinstance(w, go.FigureWidget)]
    assert figures == [chart.figure]
    assert [t.type for t in chart.figure.data] == ["bar", "bar"]
    for muscle in X.MUSCLES:
        ys, xs = bars(chart, muscle)
        want = X.activations(muscle)
        assert xs == [a.value for a in want]
        assert ys == [U.category(a) for a in want]
        assert all(x > 0 for x in xs)  # "no published value" is never drawn as 0
    assert "glutelab-activation-chart" in chart.widget._dom_classes


def test_error_bars_where_sds_exist(chart):
    trace = chart.figure.data[U.TRACES.index("GMed")]
    want = [a.sd for a in X.activations("GMed")]
    assert list(trace.error_x.array) == want
    assert any(v is None for v in want) and any(v is not None for v in want)


def test_flagged_bars_look_different(chart):
    for muscle in X.MUSCLES:
        trace = chart.figure.data[U.TRACES.index(muscle)]
        rows = X.activations(muscle)
        shapes = list(trace.marker.pattern.shape)
        colours = list(trace.marker.color)
        texts = list(trace.text)
        for row, shape, colour, text in zip(rows, shapes, colours, texts, strict=True):
            if row.status == "verified":
                assert shape == "" and colour != U._UNCHECKED_COLOUR and "(" not in text
            else:
                assert shape != "" and f"({row.status})" in text
            if row.status == "unchecked":
                assert colour == U._UNCHECKED_COLOUR
    walk = next(i for i, a in enumerate(X.activations("GMed")) if a.exercise == "lateral_band_walk")
    assert chart.figure.data[1].marker.pattern.shape[walk] == "x"


def test_bands_are_shaded_and_the_caveat_is_on_the_chart(chart):
    shapes = chart.figure.layout.shapes
    assert [(s.x0, s.x1) for s in shapes] == [(0, 20), (20, 40), (40, 60), (60, U.X_MAX)]
    notes = " ".join(a.text for a in chart.figure.layout.annotations)
    assert "not directly comparable" in notes
    assert "very high" in notes and "moderate*" in notes  # unchecked band edges starred


def test_muscle_filter_changes_the_bars(chart):
    chart.muscle.value = "GMed"
    assert bars(chart, "GMax") == ([], [])
    ys, xs = bars(chart, "GMed")
    assert xs == [a.value for a in X.activations("GMed")]
    cats = list(chart.figure.layout.yaxis.categoryarray)
    assert set(cats) == set(ys)
    best = [max(a.value for a in X.activations("GMed") if U.category(a) == c) for c in cats]
    assert best == sorted(best, reverse=True)  # highest first
    assert chart.figure.layout.height == U.chart_updates("GMed")["height"]


def test_equipment_filter_changes_the_bars(chart):
    chart.equipment.value = "gym"
    ys, xs = bars(chart, "GMax")
    assert sorted(xs) == [29.4, 45.4, 69.5, 86.8]  # Contreras 2015: squat and hip thrust
    assert all("Contreras 2015" in y for y in ys)
    assert bars(chart, "GMed") == ([], [])
    assert "4 bars shown" in chart.side.value
    chart.equipment.value = "bands"
    ys, xs = bars(chart, "GMed")
    assert xs == [61] and "Lateral band walk" in ys[0]
    chart.muscle.value = "GMax"
    chart.equipment.value = "gym"
    chart.muscle.value = "GMed"
    assert "No measured value matches" in chart.side.value


def test_side_panel_lists_what_is_not_plotted_and_why(chart):
    side = html.unescape(chart.side.value)
    for key in ("a_drill", "kettlebell_swing", "step_to_lateral_hip_shift", "leg_swings"):
        assert f"{X.exercise(key).name}</b>: <span class='glutelab-why'>no published value" in side
    assert "Deadlift" in side and "very high (>60 %) in Neto 2020" in side
    plotted = {a.exercise for a in X.activations()}
    listed = {ex.key for ex, _ in U.not_plotted()}
    assert not plotted & listed
    assert "Reiman" in side and "not directly comparable" in side


def test_side_panel_explains_values_that_exist_for_other_kit():
    reasons = {ex.key: why for ex, why in U.not_plotted("both", "gym")}
    assert reasons["glute_bridge"] == "values published only for the body-weight version"
    assert reasons["kettlebell_swing"] == X.NO_VALUE
    with pytest.raises(ValueError, match="muscle filter"):
        U.chart_updates("GMin")
    with pytest.raises(ValueError, match="equipment filter"):
        U.chart_updates("both", "moon boots")


# --- programme builder ------------------------------------------------------------------------


def test_builder_uses_no_figure(builder):
    assert not [w for w in _walk(builder.widget) if isinstance(w, go.FigureWidget)]
    assert "glutelab-programme-builder" in builder.widget._dom_classes
    assert builder.programme is None and builder.table.value == ""


def test_build_shows_the_plan_the_reasons_and_a_csv_that_matches(builder, store):
    builder.days.value = 2
    builder.equipment.value = "bands"
    builder.experience.value = "some"
    builder.goal.value = "speed"
    builder.weeks.value = 7
    builder.button.click()
    plan = builder.programme
    assert plan is not None and plan.weeks == 7 and plan.days_per_week == 2
    assert builder.table.value.count("class='glutelab-plan-week'") == 7
    assert "data-weeks='7'" in builder.table.value
    assert "Week 7 · deload" in builder.table.value
    assert builder.table.value.count("class='glutelab-plan-row'") == len(plan.rows)
    text = decode_csv(builder.download.value)
    assert text == P.to_csv(plan)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {int(r["week"]) for r in rows} == set(range(1, 8))
    assert f"download='{U.CSV_FILENAME}'" in builder.download.value
    assert "Why it looks like this" in builder.explanation.value
    assert html.escape("not prescriptions tested in runners") in builder.explanation.value
    assert (
        "glutelab-right" in builder.message.value
        and "Saved to your progress" in builder.message.value
    )
    saved = store.items(U.LESSON, U.PROGRAMME_SECTION)[U.PROGRAMME_KEY]
    assert {k: v for k, v in saved.items() if k != "saved_at"} == plan.summary()


def test_saved_plan_is_restored_in_a_new_builder(builder, store):
    builder.days.value = 1
    builder.equipment.value = "gym"
    builder.build()
    again = U.ProgrammeBuilder(store=ProgressStore(store.path))
    assert (again.days.value, again.equipment.value) == (1, "gym")
    assert again.programme is not None and again.programme.summary() == builder.programme.summary()
    assert "Your saved plan" in again.message.value
    assert again.table.value == builder.table.value


def test_refused_days_give_a_message_and_clear_the_plan(builder):
    builder.build()
    assert builder.download.value
    builder.days.value = 6
    assert "press “Build my plan”" in builder.message.value
    builder.button.click()
    assert builder.programme is None
    assert builder.table.value == builder.download.value == builder.explanation.value == ""
    assert "glutelab-invalid" in builder.message.value
    assert "The seeds suggest 2 to 3" in builder.message.value
    assert "Traceback" not in builder.message.value


def test_unusual_days_are_built_with_a_warning(builder):
    builder.days.value = 4
    builder.build()
    assert builder.programme is not None
    assert "glutelab-warning" in builder.message.value and "above the 2-3" in builder.message.value


@pytest.mark.parametrize(
    "args",
    [
        (None, "none", "new", "resilience", 8),
        ("abc", "none", "new", "resilience", 8),
        (10**5000, "none", "new", "resilience", 8),
        (math.nan, "none", "new", "resilience", 8),
        (3, "spaceship", "new", "resilience", 8),
        (3, "none", "new", "resilience", -1),
    ],
)
def test_garbage_inputs_give_a_message_never_a_traceback(builder, args):
    assert builder.build_with(*args) is None
    assert "glutelab-invalid" in builder.message.value and "No plan:" in builder.message.value


def test_an_unreadable_saved_plan_is_reported_not_raised(store):
    store.record_item(U.LESSON, U.PROGRAMME_SECTION, U.PROGRAMME_KEY, {"days_per_week": "lots"})
    view = U.ProgrammeBuilder(store=store)
    assert view.programme is None
    assert "could not be read" in view.message.value


def test_an_unexpected_error_in_a_callback_becomes_a_message(builder, monkeypatch):
    def boom(*_args, **_kwargs):
        raise RuntimeError("broken")

    monkeypatch.setattr(P, "build_programme", boom)
    builder.button.click()
    assert "Something went wrong" in builder.message.value


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    days=st.one_of(st.integers(-5, 12), st.text(max_size=5), st.none(), st.floats()),
    equipment=st.one_of(st.sampled_from(list(X.EQUIPMENT)), st.text(max_size=8)),
    weeks=st.one_of(st.integers(0, 12), st.floats(), st.none()),
)
def test_fuzzed_view_inputs_show_a_plan_or_a_message(builder, days, equipment, weeks):
    plan = builder.build_with(days, equipment, "some", "resilience", weeks, save=False)
    if plan is None:
        assert "glutelab-invalid" in builder.message.value
        assert builder.table.value == ""
    else:
        assert builder.table.value.count("class='glutelab-plan-week'") == plan.weeks
        assert decode_csv(builder.download.value) == P.to_csv(plan)
