"""Widget views driven headlessly: set .value, assert on figure data and feedback text."""

import numpy as np
import pytest
from glutelab import anatomy as A
from glutelab import figures as F
from glutelab import lesson01
from glutelab.progress import ProgressStore
from glutelab.quiz import SelfCheck
from glutelab.views import HipExplorer


@pytest.fixture(scope="module")
def explorer():
    return HipExplorer()


def test_slider_moves_femur_and_muscle_lines(explorer):
    explorer.slider.value = 0
    femur_before = np.array(explorer.figure.data[F.ANATOMY_FIRST_MOVING].x)
    explorer.slider.value = 60
    femur_after = np.array(explorer.figure.data[F.ANATOMY_FIRST_MOVING].x)
    # The knee (4th femur point) swings forward by about 0.41 m × sin(60°).
    assert femur_after[3] - femur_before[3] == pytest.approx(
        0.408 * np.sin(np.radians(60)), abs=0.01
    )
    glmax3_side = explorer.figure.data[
        F.ANATOMY_FIRST_MOVING + 2 + 2 * A.COMPARTMENTS.index("glmax3")
    ]
    expected = A.path_points("glmax3", 60)
    assert np.allclose(glmax3_side.x, expected[:, 0]) and np.allclose(glmax3_side.y, expected[:, 1])
    assert "60° hip flexion" in glmax3_side.hovertext[0]


def test_slider_moves_moment_arm_markers_and_readout(explorer):
    explorer.slider.value = 90
    markers = explorer.figure.data[-4]  # rotation panel markers (cursor lines follow)
    i = A.COMPARTMENTS.index("glmed1")
    assert markers.x[i] == 90
    assert markers.y[i] == pytest.approx(A.moment_arms("glmed1", 90)["internal_rotation"])
    assert [list(t.x) for t in explorer.figure.data[-3:]] == [[90, 90]] * 3
    assert "At 90° of hip flexion" in explorer.readout.value
    assert "rotates the thigh inwards" in explorer.readout.value


def test_muscle_toggle_hides_its_traces_in_both_figures(explorer):
    explorer.toggles["gluteus medius"].value = False
    for fig in (explorer.figure,):
        medius = [t for t in fig.data if t.meta == "gluteus medius"]
        others = [t for t in fig.data if t.meta in ("gluteus maximus", "gluteus minimus")]
        assert medius and all(t.visible is False for t in medius)
        assert all(t.visible is not False for t in others)
    explorer.toggles["gluteus medius"].value = True
    assert all(t.visible is True for t in explorer.figure.data if t.meta == "gluteus medius")


def test_moment_arm_curves_in_figure_match_model():
    fig = F.explorer_figure(0)
    abduction_axis = fig.get_subplot(2, 3).xaxis.plotly_name.replace("axis", "")
    label = A.compartment("glmax3").label
    curve = next(
        t for t in fig.data if t.name == label and t.xaxis == abduction_axis and t.mode == "lines"
    )
    # the abduction panel shows -adduction: the lower maximus is negative (adducts) at 0°
    zero = list(curve.x).index(0)
    assert curve.y[zero] == pytest.approx(-A.moment_arms("glmax3", 0)["adduction"])
    assert curve.y[zero] < -4


def test_explorer_is_a_single_plotly_widget():
    # Several FigureWidgets on one page can bind to the wrong model in plotly 7's front end.
    import plotly.graph_objects as go

    explorer = HipExplorer()
    figures = [w for w in explorer.widget.children if isinstance(w, go.FigureWidget)]
    assert figures == [explorer.figure]


def test_force_chart_lists_every_compartment_with_its_force():
    html = F.force_capacity_html()
    for key in A.COMPARTMENTS:
        assert f"{A.compartment(key).max_force_n:,.0f} N" in html
    assert "total 3,338 N" in html  # summed GMax Fmax in the model


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / "progress.json")


def test_single_choice_answers_at_once_and_saves(store):
    check = lesson01.self_check(store)
    view = check.view("lower_gmax_adducts")
    view.input.value = 2
    assert "Right." in view.feedback.value and "below the hip centre" in view.feedback.value
    assert (
        ProgressStore(store.path).answer(lesson01.LESSON, "lower_gmax_adducts")["correct"] is True
    )
    view.input.value = 0
    assert "Not quite." in view.feedback.value
    assert ProgressStore(store.path).answer(lesson01.LESSON, "lower_gmax_adducts")["response"] == 0


def test_multiple_choice_needs_a_tick_then_teaches(store):
    view = lesson01.self_check(store).view("internal_rotators_at_90")
    view.check.click()
    assert "Tick at least one" in view.feedback.value
    assert store.answer(lesson01.LESSON, "internal_rotators_at_90") is None  # nothing saved
    view.boxes[3].value = True  # lower maximus: wrong
    view.check.click()
    assert "external rotator" in view.feedback.value and "You left out" in view.feedback.value


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "Type an angle"), ("forty", "not a number"), ("500", "outside the plausible range")],
)
def test_numeric_bad_input_gets_a_message_not_a_traceback(store, typed, message):
    view = lesson01.self_check(store).view("glmed2_crossover_angle")
    view.input.value = typed
    view.check.click()
    assert message in view.feedback.value
    assert "Traceback" not in view.feedback.value


def test_numeric_right_answer_comes_from_the_model(store):
    view = lesson01.self_check(store).view("glmed2_crossover_angle")
    view.input.value = f"{A.rotation_crossover('glmed2'):.0f}"
    assert "Right" in view.feedback.value
    view.input.value = "80"
    assert "already an internal rotator" in view.feedback.value


def test_moment_question_explains_unit_slip(store):
    view = lesson01.self_check(store).view("glmax2_extension_moment")
    view.input.value = "8800"
    assert "Divide by 100" in view.feedback.value


def test_saved_answers_are_shown_again_after_restart(store):
    first = lesson01.self_check(store)
    first.view("lower_gmax_adducts").input.value = 2
    first.view("glmax2_extension_moment").input.value = "88"
    box = first.view("internal_rotators_at_90")
    box.boxes[0].value = True
    box.check.click()
    again = lesson01.self_check(ProgressStore(store.path))  # a new kernel
    assert again.view("lower_gmax_adducts").input.value == 2
    assert "Your saved answer." in again.view("lower_gmax_adducts").feedback.value
    assert again.view("glmax2_extension_moment").input.value == "88"
    assert again.view("internal_rotators_at_90").boxes[0].value is True


def test_corrupt_store_notice_is_shown_in_the_widget(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text("{oops")
    check = SelfCheck(lesson01.questions(), "01", store=ProgressStore(path))
    assert "could not be read" in check.widget.children[1].value
    assert list(tmp_path.glob("progress.json.corrupt-*"))


def test_lesson_questions_cover_all_types_and_have_feedback():
    qs = lesson01.questions()
    kinds = {type(q).__name__ for q in qs}
    assert {"SingleChoice", "MultipleChoice", "Numeric"} <= kinds and len(qs) >= 4
    for q in qs:
        assert q.explanation
        for opt in getattr(q, "options", ()):
            assert len(opt.feedback) > 20
