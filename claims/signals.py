"""Keeping computed conflicts in step with the figures they come from.

Any save of a figure, a claim's date or question, an attribution, or an
article's date, from a view, the admin or a script, refreshes the conflicts
of the questions it touches (claims.comparison.refresh_conflicts). Bulk
writes that send no signals (the data generator) refresh at the end.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from claims import models
from claims.comparison import refresh_conflicts


def _refresh(*question_ids: int | None) -> None:
    for question_id in {qid for qid in question_ids if qid is not None}:
        refresh_conflicts(question_id)


@receiver(pre_save, sender=models.Claim)
def remember_question(sender, instance: models.Claim, raw: bool, **kwargs) -> None:
    if raw or instance._state.adding:
        return
    instance._question_before = (
        models.Claim.objects.filter(pk=instance.pk).values_list("question_id", flat=True).first()
    )


@receiver(post_save, sender=models.Claim)
def claim_saved(sender, instance: models.Claim, raw: bool, **kwargs) -> None:
    if not raw:
        _refresh(instance.question_id, getattr(instance, "_question_before", None))


@receiver([post_save, post_delete], sender=models.Quantity)
@receiver([post_save, post_delete], sender=models.Attribution)
def part_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    question_id = (
        models.Claim.objects.filter(pk=instance.claim_id)
        .values_list("question_id", flat=True)
        .first()
    )
    _refresh(question_id)


@receiver(post_save, sender=models.Article)
def article_saved(sender, instance: models.Article, raw: bool, created: bool, **kwargs) -> None:
    if not raw and not created:
        _refresh(
            *instance.claims.exclude(question=None).values_list("question_id", flat=True).distinct()
        )
