"""roster: monthly plannings of volunteer doctors' missions in France's medical deserts."""

__version__ = "0.1.0"
