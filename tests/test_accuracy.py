"""The accuracy arithmetic: hits, precision and recall of a prediction against a show."""

from hypothesis import given
from hypothesis import strategies as st

from theset.services.accuracy import performed_keys, score

NAMES = st.sampled_from(["Néons", "neons (Live)", "Vertige", "Rue des Lilas", "Minuit", ""])


def test_versions_fold_tape_and_unidentified_songs_are_not_performed():
    performed = performed_keys(
        [("Intro", True), ("Néons - Live at Salle Lumière", False), ("", False), ("Vertige", False)]
    )
    accuracy = score(["NEONS", "Chambre bleue", "Intro"], performed)
    assert (accuracy.predicted, accuracy.played, accuracy.hits) == (3, 2, 1)
    assert accuracy.precision == 1 / 3 and accuracy.recall == 1 / 2


def test_a_song_played_twice_is_one_song():
    assert score(["Néons"], performed_keys([("Néons", False), ("Néons", False)])).recall == 1


def test_nothing_predicted_or_nothing_performed_scores_zero_not_an_error():
    assert score([], performed_keys([("Néons", False)])).precision == 0
    assert score(["Néons"], set()).recall == 0


@given(st.lists(NAMES), st.lists(st.tuples(NAMES, st.booleans())))
def test_precision_and_recall_stay_between_0_and_1(predicted, played):
    accuracy = score(predicted, performed_keys(played))
    assert 0 <= accuracy.precision <= 1 and 0 <= accuracy.recall <= 1
    assert accuracy.hits <= min(accuracy.predicted, accuracy.played)
