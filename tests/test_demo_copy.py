"""The demo copied back by `tests.demo.seed_demo` is the demo its seeding left, row for row."""

from __future__ import annotations

import pytest

from lakou.accounts.models import Organisation
from lakou.core.demo import Scale
from lakou.training.models import Certificate
from tests.demo import _capture, _restore, seed_demo

TINY = Scale("copie", companies=20, people=10, providers=1, auditors=1, associations=1)


@pytest.mark.django_db
def test_the_copy_puts_back_every_row_and_nothing_else() -> None:
    seed_demo(TINY)  # seeded through the services (or copied, if this worker seeded it already)
    seeded = _capture()
    organisations = Organisation.objects.count()
    assert organisations > 20
    assert Certificate.objects.exists()

    Organisation.objects.create(name="Ajoutée après coup", kind=Organisation.Kind.COMPANY)
    Certificate.objects.all().delete()
    _restore(seeded)

    assert _capture() == seeded
    assert Organisation.objects.count() == organisations
    assert not Organisation.objects.filter(name="Ajoutée après coup").exists()
    # A new row after the copy gets a fresh key.
    Organisation.objects.create(name="Nouvelle", kind=Organisation.Kind.COMPANY)
