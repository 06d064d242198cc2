"""The first version of each kind's rules: PP 54/2007 and PP 44/2017 as reviewed in
docs/law-review-family-care.md (a copy, so that later changes to familycare.rules.DEFAULTS do not
rewrite history). Later versions are published by an administrator."""

import datetime

from django.db import migrations

FIRST = {
    "adoption": {
        "min_age": 30,
        "max_age": 55,
        "min_marriage_years": 5,
        "max_existing_children": 1,
        "max_adoptions": 2,
        "min_years_between_adoptions": 2,
        "trial_months": 6,
        "required_documents": [
            "ktp",
            "kk",
            "marriage",
            "birth",
            "health",
            "mental_health",
            "skck",
            "income",
            "parent_consent",
            "best_interest"
        ],
        "deadlines": {
            "home_visit_1": 30,
            "trial_care": 60,
            "home_visit_2": 30,
            "pipa_review": 30,
            "permit_decree": 30,
            "court_order": 90,
            "registered": 60
        }
    },
    "foster": {
        "min_age": 30,
        "max_age": 55,
        "required_documents": [
            "ktp",
            "kk",
            "health",
            "skck",
            "non_violence",
            "domicile"
        ],
        "monitoring_every_days": 90,
        "deadlines": {
            "assessed": 30,
            "trained": 60,
            "matched": 60,
            "placed": 30,
            "reviewed": 180
        }
    },
    "kinship": {
        "min_age": None,
        "max_age": None,
        "required_documents": [
            "ktp",
            "kk",
            "non_violence"
        ],
        "monitoring_every_days": 90,
        "deadlines": {
            "assessed": 30,
            "placed": 30,
            "reviewed": 180
        }
    },
    "guardianship": {
        "min_age": 30,
        "max_age": None,
        "required_documents": [
            "ktp",
            "kk"
        ],
        "deadlines": {}
    }
}

NOTE = (
    "First version. Adoption: PP 54/2007 Pasal 13 (ages 30-55, married at least 5 years, at most one "
    "child, trial care of 6 months); foster care: PP 44/2017 Pasal 19 (ages 30-55). Documents after "
    "Permensos 110/HUK/2009 (unverified list). Deadlines and the monitoring interval are service "
    "standards, not law. The first version in Pantau, applying to applications from 1 Jan 2020."
)


def install(apps, schema_editor):
    RuleSet = apps.get_model("familycare", "RuleSet")
    for kind, params in FIRST.items():
        RuleSet.objects.get_or_create(
            kind=kind,
            version=1,
            defaults={"valid_from": datetime.date(2020, 1, 1), "params": params, "note": NOTE},
        )


class Migration(migrations.Migration):
    dependencies = [("familycare", "0001_family_care_files_rules_and_warnings")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
