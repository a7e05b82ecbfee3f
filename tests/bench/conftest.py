import pytest


@pytest.fixture(scope="module")
def bench_dir(tmp_path_factory):
    """One bench database for a module's Essaim runs: migrated once, its people and rooms reused."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ESSAIM_BENCH_DIR", str(tmp_path_factory.mktemp("bench")))
        yield
