from tests.network.conftest import make_partner, network_root  # noqa: F401 (fixtures)
