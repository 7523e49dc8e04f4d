"""How the API shows each record; one claim record feeds every format."""

from rest_framework import serializers

from claims import models


class OutletRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Source
        fields = ["id", "name"]


class SourceRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Source
        fields = ["id", "name", "kind"]


class SourceSerializer(serializers.ModelSerializer):
    affiliation = SourceRefSerializer(read_only=True, allow_null=True)
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    country = serializers.CharField(source="country.code", allow_blank=True)
    reviewed = serializers.BooleanField(source="is_reviewed")

    class Meta:
        model = models.Source
        fields = [
            "id", "uid", "name", "kind", "organisation_type", "description", "affiliation",
            "aliases", "country", "wikidata_id", "assessment", "reviewed", "updated_at",
        ]  # fmt: skip


class ArticleSerializer(serializers.ModelSerializer):
    outlet = OutletRefSerializer(read_only=True)

    class Meta:
        model = models.Article
        fields = [
            "id", "uid", "title", "url", "outlet", "published_on", "authors", "language", "updated_at",
        ]  # fmt: skip


class ArticleDetailSerializer(ArticleSerializer):
    claim_count = serializers.IntegerField(read_only=True)

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "claim_count", "body"]


class AnchorSerializer(serializers.Serializer):
    """The W3C TextQuote and TextPosition selectors; positions in code points."""

    quote = serializers.CharField()
    prefix = serializers.CharField(allow_blank=True)
    suffix = serializers.CharField(allow_blank=True)
    start = serializers.IntegerField(min_value=0)
    end = serializers.IntegerField(min_value=0)


class QuantitySerializer(serializers.ModelSerializer):
    low = serializers.DecimalField(
        max_digits=30, decimal_places=6, allow_null=True, coerce_to_string=False
    )
    high = serializers.DecimalField(
        max_digits=30, decimal_places=6, allow_null=True, coerce_to_string=False
    )
    precision = serializers.DecimalField(
        max_digits=30, decimal_places=6, allow_null=True, coerce_to_string=False
    )

    class Meta:
        model = models.Quantity
        fields = ["low", "high", "qualifier", "unit", "precision", "counted", "wording"]


class ConduitSerializer(serializers.ModelSerializer):
    source = SourceRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = models.Conduit
        fields = ["position", "label", "source"]


class AttributionSerializer(serializers.ModelSerializer):
    source = SourceRefSerializer(read_only=True)
    chain = ConduitSerializer(many=True, read_only=True)

    class Meta:
        model = models.Attribution
        fields = ["source", "role", "mode", "chain"]


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Rating
        fields = ["slug", "label", "value"]


class VerdictSerializer(serializers.ModelSerializer):
    rating = RatingSerializer(read_only=True)
    evidence = serializers.SlugRelatedField(many=True, read_only=True, slug_field="url")

    class Meta:
        model = models.Verdict
        fields = ["rating", "reasoning", "evidence", "reviewed_on", "published_at"]


class QuestionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Question
        fields = ["id", "text"]


class ArticleRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Article
        fields = ["id", "title", "url"]


class ClaimSerializer(serializers.ModelSerializer):
    article = ArticleRefSerializer(read_only=True)
    anchor = AnchorSerializer(source="*", read_only=True)
    question = QuestionRefSerializer(read_only=True, allow_null=True)
    quantity = QuantitySerializer(read_only=True, allow_null=True)
    attributions = AttributionSerializer(many=True, read_only=True)
    verdict = VerdictSerializer(read_only=True, allow_null=True)

    class Meta:
        model = models.Claim
        fields = [
            "id", "uid", "article", "anchor", "statement", "kind", "status", "refers_to",
            "question", "quantity", "attributions", "verdict", "updated_at",
        ]  # fmt: skip


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Question
        fields = ["id", "uid", "text", "counted", "unit", "as_of", "updated_at"]


class QuestionDetailSerializer(QuestionSerializer):
    claim_count = serializers.IntegerField(read_only=True)

    class Meta(QuestionSerializer.Meta):
        fields = [*QuestionSerializer.Meta.fields, "claim_count"]
