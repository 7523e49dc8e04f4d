"""Reading the wording of a figure in English news into a quantity."""

from enum import StrEnum


class Qualifier(StrEnum):
    """How the wording bounds the figure it gives."""

    EXACT = "exact"
    ABOUT = "about"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    UP_TO = "up_to"
    FEWER_THAN = "fewer_than"
    BETWEEN = "between"
    EITHER_OR = "either_or"
    ORDER_OF_MAGNITUDE = "order_of_magnitude"

    @property
    def label(self) -> str:
        return "either/or" if self is Qualifier.EITHER_OR else self.value.replace("_", " ")


class Unit(StrEnum):
    """What a figure measures: a head count, a percentage or a share."""

    COUNT = "count"
    PERCENT = "percent"

    @property
    def label(self) -> str:
        return self.value
