"""The OpenAPI description says what every answer can be, errors included."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers


class ProblemSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ApiSchema(AutoSchema):
    """Adds the error answers every operation can give to the described ones."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        problems = {
            "401": "Not signed in, and no valid token given.",
            "403": "Signed in, but not allowed to read this.",
        }
        if "{" in self.path:
            problems["404"] = "No such record."
        elif self.method == "GET":
            problems["400"] = "A filter could not be read (the answer names it)."
        for code, description in problems.items():
            # A refused filter names its fields ({"status": ["…"]}); the others say "detail".
            body = OpenApiTypes.OBJECT if code == "400" else ProblemSerializer
            response = self._get_response_for_code(body, code, direction=direction)
            response["description"] = description
            responses.setdefault(code, response)
        return responses
