"""Lesson 02's checklist and field-test views driven headlessly with a fake clock."""

import json

import ipywidgets as widgets
import pytest
from glutelab import fieldtests_ui as U
from glutelab.progress import ProgressStore


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def path(tmp_path):
    return tmp_path / "p.json"


@pytest.fixture
def store(path):
    return ProgressStore(path)


def saved(path, section="field_tests"):
    data = json.loads(path.read_text())
    return data["lessons"][U.LESSON].get(section, {})


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


# -- single-leg stance ------------------------------------------------------------------------
def test_timer_fills_the_hold_time_and_save_shows_the_result(store, path):
    clock = FakeClock()
    view = U.SingleLegStanceTest(store=store, clock=clock)
    assert "No result saved for the left leg yet" in view.result.value
    view.start()
    assert view.running and "Timing the left leg" in view.message.value
    clock.now = 31.5
    assert view.stop() == pytest.approx(31.5)
    assert view.time.value == "31.5" and not view.running
    assert "Stopped at 31.5 s" in view.message.value
    view.hip_drop.value = "none"
    result = view.save()
    assert result.category == "steady"
    assert "Held 31.5 s with a level pelvis" in view.result.value
    assert "glutelab-right" in view.result.value
    assert "Saved for the left leg" in view.message.value
    record = saved(path)["single_leg_stance/left"]
    assert record["hold_s"] == 31.5 and record["hip_drop"] == "none" and record["pain_0_10"] == 0


def test_stopping_without_starting_says_what_to_do(store, path):
    view = U.SingleLegStanceTest(store=store, clock=FakeClock())
    assert view.stop() is None
    assert "press Start first" in view.message.value
    assert view.time.value == ""
    assert not path.exists()


def test_a_forgotten_timer_is_caught(store):
    clock = FakeClock()
    view = U.SingleLegStanceTest(store=store, clock=clock)
    view.start()
    clock.now = 900.0
    view.stop()
    assert "longer than this test records" in view.message.value
    view.hip_drop.value = "none"
    assert view.save() is None
    assert "Nothing was saved" in view.message.value


@pytest.mark.parametrize(
    ("typed", "needle"),
    [("-5", "cannot be negative"), ("", "is empty"), ("soon", "is not a time")],
)
def test_bad_time_never_overwrites_a_saved_result(store, path, typed, needle):
    view = U.SingleLegStanceTest(store=store, clock=FakeClock())
    view.time.value, view.hip_drop.value = "40", "none"
    view.save()
    view.time.value = typed
    assert view.save() is None
    assert needle in view.message.value and "any earlier result is kept" in view.message.value
    assert "glutelab-invalid" in view.message.value
    assert saved(path)["single_leg_stance/left"]["hold_s"] == 40.0
    assert "Held 40.0 s" in view.result.value  # the good result is still shown


def test_missing_hip_drop_rating_is_asked_for(store, path):
    view = U.SingleLegStanceTest(store=store)
    view.time.value = "35"
    assert view.save() is None
    assert "none, slight or clear" in view.message.value
    assert not path.exists()


def test_painful_stance_is_flagged(store):
    view = U.SingleLegStanceTest(store=store)
    view.time.value, view.hip_drop.value, view.pain.value = "20", "slight", 4
    assert view.save().category == "pain_positive"
    assert "tendinopathy screen is positive" in view.result.value
    assert "glutelab-warning" in view.result.value


def test_each_side_is_saved_and_compared(store, path):
    clock = FakeClock()
    view = U.SingleLegStanceTest(store=store, clock=clock)
    view.time.value, view.hip_drop.value = "31.5", "none"
    view.save()
    assert "Save both sides to compare" in view.comparison.value
    view.side.value = "right"
    assert view.time.value == "" and view.hip_drop.value is None  # fresh inputs for the right
    assert "No result saved for the right leg yet" in view.result.value
    view.start()
    clock.now = 22.0
    view.stop()
    view.hip_drop.value = "clear"
    view.save()
    assert set(saved(path)) == {"single_leg_stance/left", "single_leg_stance/right"}
    assert "right side held 9.5 s less than your left side" in view.comparison.value
    assert "Only the right side fell short of 30 s" in view.comparison.value
    view.side.value = "left"  # switching back shows the left inputs and result again
    assert view.time.value == "31.5" and view.hip_drop.value == "none"
    assert "Left leg: Held 31.5 s" in view.result.value


def test_a_new_view_over_the_same_file_restores_both_sides(store, path):
    first = U.SingleLegStanceTest(store=store)
    first.time.value, first.hip_drop.value, first.pain.value = "31.5", "slight", 1
    first.save()
    first.side.value = "right"
    first.time.value, first.hip_drop.value = "45", "none"
    first.save()

    again = U.SingleLegStanceTest(store=ProgressStore(path))  # as after a kernel restart
    assert again.side.value == "left"
    assert (again.time.value, again.hip_drop.value, again.pain.value) == ("31.5", "slight", 1)
    assert "Held 31.5 s with a slight drop" in again.result.value
    assert "left side held 13.5 s less than your right side" in again.comparison.value
    again.side.value = "right"
    assert again.time.value == "45" and again.hip_drop.value == "none"


def test_switching_legs_resets_a_running_timer(store):
    clock = FakeClock()
    view = U.SingleLegStanceTest(store=store, clock=clock)
    view.start()
    view.side.value = "right"
    assert not view.running and "timer was reset" in view.message.value
    clock.now = 5
    assert view.stop() is None


def test_unreadable_saved_result_is_reported_and_left_alone(path):
    ProgressStore(path).record_item(
        U.LESSON, "field_tests", "single_leg_stance/left", {"hold_s": -3, "hip_drop": "none"}
    )
    view = U.SingleLegStanceTest(store=ProgressStore(path))
    assert "could not be read" in view.message.value and "left leg" in view.message.value
    assert "No result saved for the left leg yet" in view.result.value
    assert saved(path)["single_leg_stance/left"]["hold_s"] == -3  # untouched


def test_a_failed_write_is_reported(store, monkeypatch):
    view = U.SingleLegStanceTest(store=store)

    def refuse(*_args):
        store.notices.append("Your answer could not be saved (disk full).")
        return False

    monkeypatch.setattr(store, "record_item", refuse)
    view.time.value, view.hip_drop.value = "33", "none"
    assert view.save().category == "steady"
    assert "could not be saved (disk full)" in view.message.value
    assert "Held 33.0 s" in view.result.value


def test_every_test_shows_reliability_and_safety_notes(store):
    tests = U.field_tests(store=store)
    for view, css, needle in (
        (tests.stance, "glutelab-stance-test", "Lequesne 2008"),
        (tests.trendelenburg, "glutelab-trendelenburg", "2 cm"),
        (tests.squat, "glutelab-squat-rating", "0.30–0.34"),
    ):
        assert css in view.widget._dom_classes
        html = " ".join(w.value for w in walk(view.widget) if isinstance(w, widgets.HTML))
        assert "stop if it hurts" in html and "wall" in html
        assert "glutelab-reliability" in html and needle in html


# -- Trendelenburg ----------------------------------------------------------------------------
def test_trendelenburg_view_times_and_classifies_each_side(store, path):
    clock = FakeClock()
    view = U.TrendelenburgTest(store=store, clock=clock)
    view.start()
    clock.now = 18.0
    view.stop()
    assert view.save() is None and "level or raised, or dropped" in view.message.value
    view.pelvis.value = True
    assert view.save().outcome == "positive"
    assert "Left leg: positive" in view.result.value and "dropped after 18.0 s" in view.result.value
    view.side.value = "right"
    view.time.value, view.pelvis.value, view.pain.value = "30", True, True
    assert view.save().outcome == "inconclusive"
    assert "it hurt" in view.result.value
    assert "positive on the left and inconclusive on the right" in view.comparison.value
    record = saved(path)["trendelenburg/right"]
    assert record["pain"] is True and record["outcome"] == "inconclusive"

    again = U.TrendelenburgTest(store=ProgressStore(path))
    assert again.time.value == "18" and again.pelvis.value is True
    again.side.value = "right"
    assert again.pain.value is True and again.time.value == "30"


# -- single-leg squat -------------------------------------------------------------------------
def test_squat_rating_needs_every_criterion_then_saves_per_side(store, path):
    view = U.SingleLegSquatRating(store=store)
    view.ratings["overall"].value = "good"
    assert view.save() is None
    assert "still to rate: trunk posture, pelvis 'in space', hip movement, knee movement" in (
        view.message.value.replace("&#x27;", "'")
    )
    for key in ("trunk", "pelvis", "hip"):
        view.ratings[key].value = "good"
    view.ratings["knee"].value = "poor"
    assert view.save().overall == "fair"
    assert "Left leg: fair overall" in view.result.value
    assert "glutelab-squat-criteria" in view.result.value
    view.side.value = "right"
    assert all(box.value is None for box in view.ratings.values())
    for box in view.ratings.values():
        box.value = "good"
    view.save()
    assert "Left rated fair, right rated good" in view.comparison.value
    assert saved(path)["single_leg_squat/left"]["ratings"]["knee"] == "poor"

    again = U.SingleLegSquatRating(store=ProgressStore(path))
    assert again.ratings["knee"].value == "poor"
    assert "Left leg: fair overall" in again.result.value


# -- symptom checklist ------------------------------------------------------------------------
def test_ticking_nothing_gives_a_friendly_message(store, path):
    view = U.SymptomChecklist(store=store)
    view.show_button.click()
    assert "You ticked nothing" in view.result.value
    assert "glutelab-info" in view.result.value
    assert saved(path, "symptoms")["checklist"]["signs"] == []


def test_red_flag_comes_before_any_sign(store):
    view = U.SymptomChecklist(store=store)
    view.sign_boxes["knee_pain"].value = True
    view.sign_boxes["sitting"].value = True
    view.flag_boxes["groin_weight_bearing"].value = True
    view.show_button.click()
    html = view.result.value
    flag = html.index("glutelab-redflag")
    assert flag < html.index("glutelab-sign")
    assert html.index("See a doctor or physiotherapist before running on it") < html.index(
        "glutelab-sign"
    )
    assert "stress fracture" in html
    assert html.index("data-sign='knee_pain'") < html.index("data-sign='sitting'")
    assert "Coaches say:" in html and "It does not mean:" in html
    assert "glutelab-grade-weak" in html and "glutelab-grade-unproven" in html
    assert "secondary source only" in html  # McGill is flagged where shown
    assert "<li>Lesson 06: Activation and strength</li>" in html


def test_urgent_red_flag_uses_the_strongest_box(store):
    view = U.SymptomChecklist(store=store)
    view.flag_boxes["bladder_bowel"].value = True
    view.show_button.click()
    assert "Get medical help today" in view.result.value
    assert "glutelab-wrong" in view.result.value
    assert "glutelab-sign" not in view.result.value


def test_checklist_is_saved_and_restored(store, path):
    view = U.SymptomChecklist(store=store)
    view.sign_boxes["itbs"].value = True
    view.flag_boxes["numbness_weakness"].value = True
    view.show_button.click()
    assert saved(path, "symptoms")["checklist"] == {
        "signs": ["itbs"],
        "red_flags": ["numbness_weakness"],
        "saved_at": saved(path, "symptoms")["checklist"]["saved_at"],
    }
    again = U.SymptomChecklist(store=ProgressStore(path))
    assert again.sign_boxes["itbs"].value and not again.sign_boxes["knee_pain"].value
    assert again.flag_boxes["numbness_weakness"].value
    assert "data-sign='itbs'" in again.result.value and "glutelab-redflag" in again.result.value
    assert "saved answers" in again.message.value
    # un-ticking everything is saved too
    again.sign_boxes["itbs"].value = False
    again.flag_boxes["numbness_weakness"].value = False
    again.show_button.click()
    assert saved(path, "symptoms")["checklist"]["signs"] == []


def test_checklist_ignores_unknown_saved_ids(path):
    ProgressStore(path).record_item(
        U.LESSON, "symptoms", "checklist", {"signs": ["knee_pain", "retired_sign"], "red_flags": []}
    )
    view = U.SymptomChecklist(store=ProgressStore(path))
    assert view.sign_boxes["knee_pain"].value
    assert "data-sign='knee_pain'" in view.result.value


def test_checklist_css_class(store):
    assert "glutelab-symptoms" in U.SymptomChecklist(store=store).widget._dom_classes


# -- all three together -----------------------------------------------------------------------
def test_field_tests_box_holds_three_views_sharing_one_store_and_no_plotly(store, path):
    tests = U.field_tests(store=store, clock=FakeClock())
    assert isinstance(tests.widget, widgets.VBox)
    assert "glutelab-field-tests" in tests.widget._dom_classes
    assert tests.stance.store is tests.trendelenburg.store is tests.squat.store is store
    children = list(tests.widget.children)
    for view in (tests.stance, tests.trendelenburg, tests.squat):
        assert view.widget in children
    assert not [w for w in walk(tests.widget) if type(w).__name__ == "FigureWidget"]
    tests.stance.time.value, tests.stance.hip_drop.value = "30", "none"
    tests.stance.save()
    tests.squat.side.value = "right"
    for box in tests.squat.ratings.values():
        box.value = "fair"
    tests.squat.save()
    assert set(saved(path)) == {"single_leg_stance/left", "single_leg_squat/right"}
