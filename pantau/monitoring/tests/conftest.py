from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.utils import translation

from pantau.monitoring import services
from pantau.monitoring.models import MonitoredAccount, Post
from pantau.registry.tests.conftest import RegistryWorld, registry  # noqa: F401  (shared fixture)

RISKY = (
    "Adik kita Rina Septiani (9) belum makan dari pagi 😭 tolong kak transfer seikhlasnya ke BRI "
    "0123-01-000555-50-7 a.n. Bpk Darman, WA 0812-7788-1290"
)
BABY = "ada bayi baru lahir, ibunya tidak siap merawat, ganti biaya persalinan 15jt, tanpa ribet pengadilan"
BENIGN = "Alhamdulillah anak-anak khataman Al-Qur'an hari ini, terima kasih para pengasuh 🤲"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@dataclass
class Monitored:
    registry: RegistryWorld
    account: MonitoredAccount  # the Tangerang home's TikTok
    medan_account: MonitoredAccount

    def capture(self, text: str, account: MonitoredAccount | None = None, **extra: object) -> Post:
        actor = self.registry.world.user("supervisor" if account is not self.medan_account else "outsider")
        post = Post(account=account or self.account, text=text, source=Post.Source.MANUAL, **extra)
        return services.post_capture(actor=actor, post=post)


@pytest.fixture
def monitored(registry: RegistryWorld) -> Monitored:  # noqa: F811
    world = registry.world
    account = services.account_register(
        actor=world.user("supervisor"),
        account=MonitoredAccount(platform="tiktok", handle="@Panti.Kasih.Bunda", lksa=registry.home),
    )
    medan = services.account_register(
        actor=world.user("outsider"),
        account=MonitoredAccount(platform="facebook", handle="panti.harapan", lksa=registry.medan),
    )
    return Monitored(registry, account, medan)
