"""The OpenAPI description says what every answer can be, errors included."""

from drf_spectacular.openapi import AutoSchema
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
        for code, description in problems.items():
            response = self._get_response_for_code(ProblemSerializer, code, direction=direction)
            response["description"] = description
            responses.setdefault(code, response)
        return responses
