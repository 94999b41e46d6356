from itsms.core.tests.conftest import media

__all__ = ["media"]
