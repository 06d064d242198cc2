"""The production scorer reproduces scikit-learn's TF-IDF + logistic regression exactly, and the
shipped model is the one the training script makes."""

import json

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from pantau.monitoring.screening.dataset import read_labelled
from pantau.monitoring.screening.model import MODEL_PATH, TextModel, analyse, load
from pantau.monitoring.screening.text import normalise


def test_runtime_scores_equal_scikit_learn() -> None:
    rows = read_labelled("train")[::4]
    texts = [normalise(row.post.text) for row in rows]
    labels = [row.label for row in rows]
    vectoriser = TfidfVectorizer(analyzer=analyse, sublinear_tf=True, min_df=2, norm="l2")
    model = LogisticRegression(C=10.0, max_iter=2000).fit(vectoriser.fit_transform(texts), labels)
    runtime = TextModel(
        version="t",
        vocabulary={
            g: (float(vectoriser.idf_[i]), float(model.coef_[0][i]))
            for g, i in vectoriser.vocabulary_.items()
        },
        intercept=float(model.intercept_[0]),
        stack_intercept=0.0,
        stack_text=1.0,
        stack_weights={},
        thresholds={},
        card={},
    )
    probe = [normalise(row.post.text) for row in read_labelled("train")[1::40]] + [
        "",
        "kata yang tidak dikenal",
    ]
    expected = model.decision_function(vectoriser.transform(probe))
    got = np.array([runtime.text_terms(text)[0] for text in probe])
    assert np.allclose(got, expected, atol=1e-9)


def test_shipped_model_is_complete_and_loads() -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert set(data) >= {"version", "vocabulary", "intercept", "stack", "thresholds", "card"}
    model = load()
    assert 0 < model.thresholds["watch"] <= model.thresholds["flag"] < 1
    assert model.card["training_posts"] == len(read_labelled("train"))
    # Context that reads as reporting or prevention lowers the score; a personal account raises it.
    assert model.stack_weights["awareness_campaign"] < 0 and model.stack_weights["personal_account"] > 0
