"""The base of every input model: frozen, strict about unknown fields, library errors.

Each input model (measurements, visits, courses, findings, regimens...) derives from
`FrozenModel`. Its constructor and ``model_validate*`` methods raise
`InputValidationError` (a library error that is also a pydantic
``ValidationError``) instead of a bare pydantic error, so ``except LupusNephritisError`` catches
bad input from every public entry point.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, ValidationError
from typing_extensions import Self

from lupus_nephritis.errors import from_pydantic


class FrozenModel(BaseModel):
    """Frozen pydantic model that forbids unknown fields and raises library errors."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    if not TYPE_CHECKING:  # hidden from type checkers: the pydantic plugin keeps each
        # model's synthesized, typed __init__ signature

        def __init__(self, /, **data: Any) -> None:
            try:
                super().__init__(**data)
            except ValidationError as error:
                raise from_pydantic(error) from None

        # Marks this as a *base* initialiser, as pydantic marks BaseModel.__init__: nested
        # validation then stays inside pydantic-core (no Python call per nested model), and
        # only a direct ``Model(...)`` call passes through here.
        __init__.__pydantic_base_init__ = True

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Self:
        """Validate ``obj`` (a mapping or an instance) into this model.

        Raises:
            InputValidationError: ``obj`` is not valid (also a pydantic ``ValidationError``).
        """
        try:
            return super().model_validate(obj, **kwargs)
        except ValidationError as error:
            raise from_pydantic(error) from None

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **kwargs: Any) -> Self:
        """Validate JSON text into this model.

        Raises:
            InputValidationError: the JSON is not a valid instance.
        """
        try:
            return super().model_validate_json(json_data, **kwargs)
        except ValidationError as error:
            raise from_pydantic(error) from None

    @classmethod
    def model_validate_strings(cls, obj: Any, **kwargs: Any) -> Self:
        """Validate a mapping of strings (e.g. CSV cells) into this model.

        Raises:
            InputValidationError: ``obj`` is not valid.
        """
        try:
            return super().model_validate_strings(obj, **kwargs)
        except ValidationError as error:
            raise from_pydantic(error) from None


__all__ = ["FrozenModel"]
